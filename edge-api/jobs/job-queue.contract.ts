// The one contract every JobQueue adapter must pass (memory-queue.test.ts, redis-queue.test.ts).
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { JobQueue, QueueOptions } from "./types";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytes = (s: string) => new TextEncoder().encode(s);
const spec = { converter: "invert", params: {} };

export function jobQueueContract(name: string, make: (options: QueueOptions) => Promise<JobQueue> | JobQueue) {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    const options: QueueOptions = { ttlMs: 600, leaseMs: 250, maxAttempts: 3 };
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
