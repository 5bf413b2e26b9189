// The contract's second half (job-queue.contract.ts has the first): what a job's record keeps
// as sent, and what a queue holds back: results held for pickup, addresses and accounts, an
// owner's jobs on deletion, and idempotency keys reused for another request.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { JobQueue, QueueOptions } from "./types";

const bytes = (s: string) => new TextEncoder().encode(s);
const spec = { converter: "invert", params: {} };
const roomy = { maxPerClient: 100, maxQueuedBytes: 1_000_000 };

/** Polls `read` until `done` says yes; the TTLs here are under a second. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let value = await read(); ; value = await read()) {
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function jobQueueLimitsContract(name: string, make: (options: QueueOptions) => Promise<JobQueue> | JobQueue) {
  describe(`JobQueue contract, records and limits: ${name}`, () => {
    const options: QueueOptions = { ttlMs: 600, leaseMs: 250, maxAttempts: 3, maxWaitMs: 1500 };
    const queues: JobQueue[] = [];
    let queue: JobQueue;
    const another = async (changes: Partial<QueueOptions>) => {
      const made = await make({ ...options, ...changes });
      queues.push(made);
      return made;
    };
    beforeEach(async () => {
      queue = await another({});
    });
    afterEach(async () => {
      await Promise.all(queues.splice(0).map((q) => q.close()));
    });

    async function finishWith(result: string, changes: Record<string, unknown> = {}, target = queue) {
      const { record } = await target.enqueue({ ...spec, ...changes }, bytes("in"));
      const claimed = await target.claim("w1");
      expect(claimed?.record.id).toBe(record.id);
      expect(await target.complete(record.id, "w1", bytes(result), "image/png")).toBe(true);
      return record.id;
    }

    test("an export alone keeps its empty steps array, and empty params and encoder, through enqueue, get, claim and completion", async () => {
      const alone = { converter: "export", params: {}, steps: [], encoder: {}, format: "webp" as const, client: "ip:198.51.100.1" };
      const enqueued = await queue.admit(alone, bytes("in"), roomy, { idempotencyKey: "k" });
      expect(enqueued).toHaveProperty("record");
      const { record } = enqueued as { record: { id: string; steps?: unknown } };
      expect(record.steps).toStrictEqual([]);
      expect(await queue.get(record.id)).toMatchObject({ steps: [], params: {}, encoder: {} });
      expect((await queue.get(record.id))!.steps).toStrictEqual([]);
      expect((await queue.admit(alone, bytes("in"), roomy, { idempotencyKey: "k" })) as { record: { steps: unknown } }).toMatchObject({ created: false, record: { steps: [] } });
      const claimed = await queue.claim("w1");
      expect(claimed!.record.steps).toStrictEqual([]);
      expect(claimed!.record.params).toStrictEqual({});
      expect(claimed!.record.encoder).toStrictEqual({});
      // A chain's step with empty params, and params holding an empty list, come back as sent.
      const chain = [{ converter: "invert", params: {} }, { converter: "custom", params: { list: [], nested: { empty: [] } } }];
      await queue.enqueue({ ...spec, steps: chain }, bytes("in"));
      expect((await queue.claim("w2"))!.record.steps).toStrictEqual(chain);
      await queue.complete(record.id, "w1", bytes("out"), "image/webp", { exported: { quality: 80 } });
      expect(await queue.get(record.id)).toMatchObject({ status: "done", steps: [], resultMime: "image/webp", exported: { quality: 80 } });
      expect((await queue.get(record.id))!.steps).toStrictEqual([]);
    });

    test("finished results held for pickup are counted, and uncounted when cancelled and when they expire", async () => {
      const five = await finishWith("12345");
      const seven = await finishWith("1234567");
      expect(await queue.get(five)).toMatchObject({ resultBytes: 5 });
      expect((await queue.stats()).heldResultBytes).toBe(12);
      expect(await queue.cancel(five)).toBe(true);
      expect((await queue.stats()).heldResultBytes).toBe(7);
      await until(() => queue.stats(), (s) => s.heldResultBytes === 0);
      expect(await queue.getResult(seven)).toBeUndefined();
    });

    test("while held results take the budget, admit refuses every client until enough of them are freed", async () => {
      const limits = { ...roomy, maxHeldResultBytes: 10 };
      const first = await finishWith("123456789");
      // 9 bytes held of 10: still room.
      expect(await queue.admit({ ...spec, client: "a" }, bytes("x"), limits)).toHaveProperty("record");
      await queue.claim("w1").then((c) => queue.complete(c!.record.id, "w1", bytes("1"), "image/png"));
      const tries = await Promise.all(["a", "b", "c"].map((client) => queue.admit({ ...spec, client }, bytes("x"), limits)));
      // The results expire within the TTL (600 ms): try again in a second.
      for (const refused of tries) expect(refused).toEqual({ refused: "held-results", retryAfterSeconds: 1 });
      await queue.cancel(first);
      expect(await queue.admit({ ...spec, client: "b" }, bytes("x"), limits)).toHaveProperty("record");
    });

    test("a client past its share of the held budget loses its oldest uncollected results; others keep theirs, and it is not refused", async () => {
      // A quarter of 40 bytes each: 10.
      const shared = await another({ maxHeldResultBytes: 40, ttlMs: 60_000, leaseMs: 30_000 });
      const stranger = await finishWith("12345678", { client: "ip:stranger" }, shared);
      const oldest = await finishWith("123456", { client: "ip:hoarder" }, shared);
      const older = await finishWith("1234", { client: "ip:hoarder" }, shared);
      // 10 bytes: at its share, all kept.
      expect((await shared.stats()).heldResultBytes).toBe(18);
      const newest = await finishWith("12345", { client: "ip:hoarder" }, shared);
      // 15 bytes: the oldest (6) goes, and 9 are left.
      expect(await shared.getResult(oldest)).toBeUndefined();
      expect(new TextDecoder().decode(await shared.getResult(older))).toBe("1234");
      expect(new TextDecoder().decode(await shared.getResult(newest))).toBe("12345");
      expect(new TextDecoder().decode(await shared.getResult(stranger))).toBe("12345678");
      expect((await shared.stats()).heldResultBytes).toBe(17);
      expect(await shared.admit({ ...spec, client: "ip:hoarder" }, bytes("x"), { ...roomy, maxHeldResultBytes: 40 })).toHaveProperty("record");
    });

    test("Retry-After for held results is the time until enough of them expire", async () => {
      const long = await another({ ttlMs: 60_000, leaseMs: 30_000 });
      await finishWith("123456", {}, long);
      await finishWith("123456", {}, long);
      // 12 bytes held: under 10 once the first expires, under 5 once both have; each about 60 s away.
      const refused = (await long.admit(spec, bytes("x"), { ...roomy, maxHeldResultBytes: 10 })) as { refused: string; retryAfterSeconds: number };
      expect(refused.refused).toBe("held-results");
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(55);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    test("an address holds its limit however many accounts send from it, and an account its own from any address, atomically", async () => {
      const limits = { ...roomy, maxPerClient: 4, maxPerAccount: 2 };
      const fromOneAddress = await Promise.all(
        Array.from({ length: 18 }, (_, i) => queue.admit({ ...spec, client: "ip:A", account: `user:${i % 6}` }, bytes("x"), limits)),
      );
      const admitted = fromOneAddress.filter((t) => "record" in t);
      expect(admitted).toHaveLength(4);
      for (const t of fromOneAddress) if ("refused" in t) expect(t.refused).toMatch(/^(client|account)-limit$/);
      const fromTwoAddresses = await Promise.all(
        Array.from({ length: 6 }, (_, i) => queue.admit({ ...spec, client: i % 2 ? "ip:B" : "ip:C", account: "user:traveller" }, bytes("x"), limits)),
      );
      expect(fromTwoAddresses.filter((t) => "record" in t)).toHaveLength(2);
      expect(fromTwoAddresses.filter((t) => "refused" in t && t.refused === "account-limit")).toHaveLength(4);
      // A job that ends gives its place back to both its address and its account.
      const done = (admitted[0] as { record: { id: string; account?: string } }).record;
      for (let claimed = await queue.claim("w1"); claimed?.record.id !== done.id; claimed = await queue.claim("w1")) expect(claimed).toBeDefined();
      await queue.complete(done.id, "w1", bytes("r"), "image/png");
      expect(await queue.admit({ ...spec, client: "ip:A", account: done.account }, bytes("x"), limits)).toHaveProperty("record");
    });

    test("jobs of many accounts from one address share one lane of the round-robin", async () => {
      const many = [];
      for (let i = 0; i < 4; i++) many.push((await queue.enqueue({ ...spec, client: "ip:A", account: `user:${i}` }, bytes("a"))).record.id);
      expect((await queue.claim("w1"))?.record.id).toBe(many[0]);
      const stranger = (await queue.enqueue({ ...spec, client: "ip:B" }, bytes("b"))).record.id;
      expect(await queue.position(stranger)).toBe(0);
      expect((await queue.claim("w2"))?.record.id).toBe(stranger);
    });

    test("cancelOwnedBy cancels an owner's queued and running jobs, and no one else's", async () => {
      const running = (await queue.enqueue({ ...spec, ownerId: "u1", client: "ip:A", account: "user:u1" }, bytes("1"))).record.id;
      expect((await queue.claim("w1"))?.record.id).toBe(running);
      const queued = (await queue.enqueue({ ...spec, ownerId: "u1", client: "ip:A", account: "user:u1" }, bytes("2"))).record.id;
      const others = (await queue.enqueue({ ...spec, ownerId: "u2" }, bytes("3"))).record.id;
      const anonymous = (await queue.enqueue(spec, bytes("4"))).record.id;
      expect(await queue.cancelOwnedBy("u1")).toBe(2);
      expect(await queue.get(running)).toMatchObject({ status: "cancelled" });
      expect(await queue.get(queued)).toMatchObject({ status: "cancelled" });
      expect(await queue.heartbeat(running, "w1", 0.5)).toBe("cancelled");
      expect(await queue.complete(running, "w1", bytes("r"), "image/png")).toBe(false);
      expect(await queue.stats()).toMatchObject({ depth: 2, queuedBytes: 2 });
      const next = [(await queue.claim("w2"))?.record.id, (await queue.claim("w2"))?.record.id];
      expect(next.sort()).toEqual([others, anonymous].sort());
      expect(await queue.cancelOwnedBy("u1")).toBe(0);
      // Their places are free again.
      expect(await queue.admit({ ...spec, ownerId: "u1", client: "ip:A", account: "user:u1" }, bytes("x"), { ...roomy, maxPerClient: 1, maxPerAccount: 1 })).toHaveProperty("record");
    });

    test("an idempotency key reused with another fingerprint is refused; with the same one it finds its job", async () => {
      const first = (await queue.admit(spec, bytes("a"), roomy, { idempotencyKey: "k", fingerprint: "f1" })) as { record: { id: string } };
      expect(await queue.admit(spec, bytes("a"), roomy, { idempotencyKey: "k", fingerprint: "f1" })).toMatchObject({ created: false, record: { id: first.record.id } });
      expect(await queue.admit(spec, bytes("b"), roomy, { idempotencyKey: "k", fingerprint: "f2" })).toEqual({ refused: "key-reused" });
      // Another caller's key of the same name is its own.
      expect(await queue.admit({ ...spec, ownerId: "u2" }, bytes("b"), roomy, { idempotencyKey: "k", fingerprint: "f2" })).toMatchObject({ created: true });
      expect(await queue.depth()).toBe(2);
    });
  });
}
