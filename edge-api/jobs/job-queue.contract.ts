// The one contract every JobQueue adapter must pass (memory-queue.test.ts, redis-queue.test.ts).
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { JobQueue, QueueOptions } from "./types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytes = (s: string) => new TextEncoder().encode(s);
const spec = { converter: "invert", params: {} };

export function jobQueueContract(name: string, make: (options: QueueOptions) => Promise<JobQueue> | JobQueue) {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    const options: QueueOptions = { ttlMs: 600, leaseMs: 250, maxAttempts: 3, maxWaitMs: 1500 };
    beforeEach(async () => {
      queue = await make(options);
    });
    afterEach(async () => {
      await queue.close();
    });

    test("a job goes queued → running → done, and its result is readable", async () => {
      const { record, created } = await queue.enqueue({ ...spec, params: { a: 1 }, fileName: "x.png" }, bytes("input"));
      expect(created).toBe(true);
      expect(record.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(await queue.get(record.id)).toMatchObject({ status: "queued", progress: 0, params: { a: 1 }, fileName: "x.png" });
      expect(await queue.depth()).toBe(1);

      const claimed = await queue.claim("w1");
      expect(claimed?.record).toMatchObject({ id: record.id, status: "running", attempts: 1, workerId: "w1" });
      expect(new TextDecoder().decode(claimed!.input)).toBe("input");
      expect(await queue.depth()).toBe(0);
      expect(await queue.claim("w2")).toBeUndefined();

      expect(await queue.heartbeat(record.id, "w1", 0.5)).toBe("ok");
      expect(await queue.heartbeat(record.id, "w1", 0.2)).toBe("ok");
      expect((await queue.get(record.id))?.progress).toBe(0.5);

      const galleryId = "0b5e3c1a-8f7d-8e2a-9c4b-1d2e3f4a5b6c";
      expect(await queue.complete(record.id, "w1", bytes("result"), "image/png", { galleryId })).toBe(true);
      expect(await queue.get(record.id)).toMatchObject({ status: "done", progress: 1, resultMime: "image/png", galleryId });
      expect(new TextDecoder().decode(await queue.getResult(record.id))).toBe("result");
    });

    test("two workers never claim the same job", async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 10; i++) ids.add((await queue.enqueue(spec, bytes(`${i}`))).record.id);
      const claims = await Promise.all(Array.from({ length: 14 }, (_, i) => queue.claim(`w${i % 2}`)));
      const got = claims.filter((c) => c).map((c) => c!.record.id);
      expect(got.length).toBe(10);
      expect(new Set(got)).toEqual(ids);
    });

    test("an unfetched result expires after the TTL; a heartbeating job outlives it", async () => {
      const done = (await queue.enqueue(spec, bytes("a"))).record.id;
      const running = (await queue.enqueue(spec, bytes("b"))).record.id;
      await queue.claim("w1");
      await queue.claim("w1");
      await queue.complete(done, "w1", bytes("r"), "image/png");
      for (let t = 0; t < 10; t++) {
        await sleep(100);
        expect(await queue.heartbeat(running, "w1", t / 10)).toBe("ok");
      }
      expect(await queue.get(done)).toBeUndefined();
      expect(await queue.getResult(done)).toBeUndefined();
      expect(await queue.get(running)).toMatchObject({ status: "running" });
    });

    test("an idle worker's wait ends when a job is queued or handed back, a signal before the wait is kept, and abort ends it", async () => {
      // Waits of a minute under a test timeout of 20 s: each wait must end by its event, or the test fails.
      await queue.waitForWork(1);
      const queued = queue.waitForWork(60_000);
      const id = (await queue.enqueue(spec, bytes("a"))).record.id;
      await queued;
      await queue.claim("w1");
      const handedBack = queue.waitForWork(60_000);
      expect(await queue.release(id, "w1")).toBe(true);
      await handedBack;
      // Queued while no one waited: the next wait returns at once.
      await queue.enqueue(spec, bytes("b"));
      await queue.waitForWork(60_000);
      const stop = new AbortController();
      const stopped = queue.waitForWork(60_000, stop.signal);
      stop.abort();
      await stopped;
    }, 20_000);

    test("a lapsed lease sends the job back; the old worker has lost it; it fails after 3 attempts", async () => {
      const id = (await queue.enqueue(spec, bytes("in"))).record.id;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const claimed = await queue.claim(`w${attempt}`);
        expect(claimed?.record).toMatchObject({ id, attempts: attempt });
        await sleep(options.leaseMs + 60);
        expect(await queue.reap()).toBe(1);
        expect(await queue.heartbeat(id, `w${attempt}`, 0.9)).toBe("lost");
        expect(await queue.complete(id, `w${attempt}`, bytes("late"), "image/png")).toBe(false);
      }
      expect(await queue.claim("w4")).toBeUndefined();
      expect(await queue.get(id)).toMatchObject({ status: "failed", error: { status: 502 } });
    });

    test("a released job is queued again at once, ahead of its client's others, and the attempt does not count", async () => {
      const first = (await queue.enqueue(spec, bytes("1"))).record.id;
      const second = (await queue.enqueue(spec, bytes("2"))).record.id;
      expect((await queue.claim("w1"))?.record).toMatchObject({ id: first, attempts: 1 });
      expect(await queue.release(first, "w2")).toBe(false);
      expect(await queue.release(first, "w1")).toBe(true);
      expect(await queue.get(first)).toMatchObject({ status: "queued" });
      expect(await queue.position(first)).toBe(0);
      expect(await queue.heartbeat(first, "w1", 0.5)).toBe("lost");
      expect(await queue.complete(first, "w1", bytes("late"), "image/png")).toBe(false);
      const again = await queue.claim("w2");
      expect(again?.record).toMatchObject({ id: first, attempts: 1 });
      expect(new TextDecoder().decode(again?.input)).toBe("1");
      expect(await queue.release(first, "w1")).toBe(false);
      expect((await queue.claim("w3"))?.record.id).toBe(second);
    });

    test("cancel stops a queued job and tells a running one's worker", async () => {
      const queued = (await queue.enqueue(spec, bytes("a"))).record.id;
      expect(await queue.cancel(queued)).toBe(true);
      expect(await queue.claim("w1")).toBeUndefined();

      const running = (await queue.enqueue(spec, bytes("b"))).record.id;
      await queue.claim("w1");
      expect(await queue.cancel(running)).toBe(true);
      expect(await queue.heartbeat(running, "w1", 0.5)).toBe("cancelled");
      expect(await queue.complete(running, "w1", bytes("r"), "image/png")).toBe(false);
      expect(await queue.get(running)).toMatchObject({ status: "cancelled" });
      expect(await queue.getResult(running)).toBeUndefined();
      expect(await queue.cancel("AAAAAAAAAAAAAAAAAAAAAA")).toBe(false);
    });

    test("the same idempotency key from the same caller returns the same job", async () => {
      const a = await queue.enqueue(spec, bytes("a"), { idempotencyKey: "k1" });
      const b = await queue.enqueue(spec, bytes("a"), { idempotencyKey: "k1" });
      const other = await queue.enqueue({ ...spec, ownerId: "u2" }, bytes("a"), { idempotencyKey: "k1" });
      expect(b).toMatchObject({ created: false, record: { id: a.record.id } });
      expect(other.record.id).not.toBe(a.record.id);
      expect(await queue.depth()).toBe(2);
    });

    test("an idempotency key finds its job for as long as the job waits, past the TTL", async () => {
      const first = await queue.enqueue(spec, bytes("a"), { idempotencyKey: "slow" });
      await sleep(options.ttlMs + 200);
      const again = await queue.enqueue(spec, bytes("a"), { idempotencyKey: "slow" });
      expect(again).toMatchObject({ created: false, record: { id: first.record.id, status: "queued" } });
    });

    test("finished counts jobs that ended done or failed, not cancelled or refused ones", async () => {
      expect(await queue.finished()).toBe(0);
      const ids = [];
      for (const name of ["a", "b", "c"]) ids.push((await queue.enqueue(spec, bytes(name))).record.id);
      for (const worker of ["w1", "w2", "w3"]) await queue.claim(worker);
      expect(await queue.complete(ids[0]!, "w1", bytes("r"), "image/png")).toBe(true);
      expect(await queue.complete(ids[0]!, "w1", bytes("r"), "image/png")).toBe(false);
      expect(await queue.fail(ids[1]!, "w2", { status: 422, title: "Undecodable image", detail: "x" })).toBe(true);
      expect(await queue.complete(ids[2]!, "not-the-holder", bytes("r"), "image/png")).toBe(false);
      await queue.cancel(ids[2]!);
      expect(await queue.finished()).toBe(2);
    });

    test("a queued job outlives the TTL while it waits, then fails with 503 once it has waited too long", async () => {
      const id = (await queue.enqueue(spec, bytes("a"))).record.id;
      await sleep(options.ttlMs + 200);
      await queue.reap();
      expect(await queue.get(id)).toMatchObject({ status: "queued" });
      expect(await queue.depth()).toBe(1);
      await sleep(options.maxWaitMs! - options.ttlMs);
      await queue.reap();
      expect(await queue.get(id)).toMatchObject({ status: "failed", error: { status: 503, title: "Waited too long" } });
      expect(await queue.depth()).toBe(0);
      expect(await queue.claim("w1")).toBeUndefined();
      expect(await queue.stats()).toMatchObject({ depth: 0, queuedBytes: 0 });
    });

    test("admit refuses a client over its limit, and a queue over its byte budget, atomically", async () => {
      const limits = { maxPerClient: 2, maxQueuedBytes: 10 };
      const tries = await Promise.all(Array.from({ length: 6 }, () => queue.admit({ ...spec, client: "a" }, bytes("xx"), limits)));
      expect(tries.filter((t) => "record" in t)).toHaveLength(2);
      expect(tries.filter((t) => "refused" in t && t.refused === "client-limit")).toHaveLength(4);
      // A finished job frees its place.
      const first = tries.find((t) => "record" in t) as { record: { id: string } };
      await queue.claim("w1");
      await queue.complete(first.record.id, "w1", bytes("r"), "image/png");
      expect(await queue.admit({ ...spec, client: "a" }, bytes("xx"), limits)).toHaveProperty("record");
      // 4 bytes queued of 10: a 7-byte upload does not fit, from any client.
      expect(await queue.admit({ ...spec, client: "b" }, bytes("1234567"), limits)).toEqual({ refused: "queue-bytes" });
      expect(await queue.admit({ ...spec, client: "b" }, bytes("123456"), limits)).toHaveProperty("record");
    });

    test("workers take jobs round-robin across clients, and positions say so", async () => {
      const a = [];
      for (let i = 0; i < 4; i++) a.push((await queue.enqueue({ ...spec, client: "a", workSeconds: 2 }, bytes(`a${i}`))).record.id);
      const first = await queue.claim("w1");
      expect(first?.record.id).toBe(a[0]);
      const b = (await queue.enqueue({ ...spec, client: "b", workSeconds: 1 }, bytes("b0"))).record.id;
      const c = (await queue.enqueue({ ...spec, client: "c", workSeconds: 1 }, bytes("c0"))).record.id;
      // a was served last: b and c go before a's second job.
      expect(await queue.position(b)).toBe(0);
      expect(await queue.position(c)).toBe(1);
      expect(await queue.position(a[1]!)).toBe(2);
      expect(await queue.position(a[3]!)).toBe(4);
      expect(await queue.position(a[0]!)).toBeUndefined();
      expect(await queue.stats()).toMatchObject({ depth: 5, queuedBytes: 10, queuedSeconds: 8 });
      // Round-robin: a's next job waits for b's and c's next ones and its own three; d's for one of each.
      expect(await queue.ahead("a")).toEqual({ seconds: 8 });
      expect(await queue.ahead("d")).toEqual({ seconds: 4 });
      const order = [];
      for (let claimed = await queue.claim("w1"); claimed; claimed = await queue.claim("w1")) order.push(claimed.record.id);
      expect(order).toEqual([b, c, a[1], a[2], a[3]]);
      expect(await queue.stats()).toMatchObject({ depth: 0, queuedBytes: 0, queuedSeconds: 0 });
    });

    test("the measured speed compares run time with the estimate, weighted by size", async () => {
      expect((await queue.stats()).speedRatio).toBe(1);
      for (const [estimate, measured] of [[10, 20], [1, 20]]) {
        const id = (await queue.enqueue({ ...spec, workSeconds: estimate }, bytes("a"))).record.id;
        await queue.claim("w1");
        await queue.complete(id, "w1", bytes("r"), "image/png", { runSeconds: measured });
      }
      // (10 × 0.95 + 1) estimated against (20 × 0.95 + 20) measured.
      expect((await queue.stats()).speedRatio).toBeCloseTo(39 / 10.5, 5);
    });

    test("a running job's progress records when it first and last rose", async () => {
      const id = (await queue.enqueue(spec, bytes("a"))).record.id;
      await queue.claim("w1");
      await queue.heartbeat(id, "w1", 0);
      expect((await queue.get(id))?.progressStartedAt).toBeUndefined();
      await queue.heartbeat(id, "w1", 0.2);
      const first = await queue.get(id);
      expect(first).toMatchObject({ progress: 0.2, progressStart: 0.2 });
      await sleep(20);
      await queue.heartbeat(id, "w1", 0.5);
      const later = await queue.get(id);
      expect(later).toMatchObject({ progress: 0.5, progressStart: 0.2, progressStartedAt: first!.progressStartedAt });
      expect(later!.progressAt!).toBeGreaterThan(first!.progressAt!);
    });

    test("a failed job keeps its problem details", async () => {
      const id = (await queue.enqueue(spec, bytes("a"))).record.id;
      await queue.claim("w1");
      const problem = { status: 422, title: "Undecodable image", detail: "truncated" };
      expect(await queue.fail(id, "w1", problem)).toBe(true);
      expect(await queue.get(id)).toMatchObject({ status: "failed", error: problem });
      expect(await queue.ping()).toBe(true);
    });
  });
}
