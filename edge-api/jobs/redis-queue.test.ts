import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { describe, expect, test } from "vitest";
import { jobQueueLimitsContract } from "./job-queue-limits.contract";
import { jobQueueContract } from "./job-queue.contract";
import { RedisJobQueue } from "./redis-queue";
import type { QueueOptions } from "./types";

// The real Redis on this machine and CI's; each test gets its own key prefix.
const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const make = (options: QueueOptions) => new RedisJobQueue(url, { ...options, prefix: `test:${randomBytes(6).toString("hex")}:` });
jobQueueContract("Redis", make);
jobQueueLimitsContract("Redis", make);

describe("Redis adapter: images in plain keys", () => {
  test("a duplicate upload, a late result and a cancel leave no image behind", async () => {
    const prefix = `test:${randomBytes(6).toString("hex")}:`;
    const redis = new Redis(url);
    const queue = new RedisJobQueue(url, { ttlMs: 60_000, leaseMs: 250, maxAttempts: 3, prefix });
    const image = new Uint8Array(3_000_000).fill(7);
    try {
      const first = await queue.enqueue({ converter: "invert", params: {} }, image, { idempotencyKey: "k" });
      const again = await queue.enqueue({ converter: "invert", params: {} }, image, { idempotencyKey: "k" });
      expect(again.created).toBe(false);
      const claimed = await queue.claim("w1");
      expect(Buffer.from(claimed!.input).equals(image)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      await queue.reap();
      await queue.claim("w2");
      // w1 lost its lease: its result is refused and removed; w2's is kept.
      expect(await queue.complete(first.record.id, "w1", image.subarray(0, 10), "image/png")).toBe(false);
      expect(await queue.complete(first.record.id, "w2", image.subarray(0, 20), "image/png")).toBe(true);
      expect((await queue.getResult(first.record.id))?.length).toBe(20);
      const cancelled = (await queue.enqueue({ converter: "invert", params: {} }, image)).record.id;
      await queue.cancel(cancelled);
      const keys = (await redis.keys(`${prefix}*`)).map((k) => k.slice(prefix.length).replace(/:[^:]+$/, ":ID")).sort();
      // The client's last-served time (for round-robin), the queue's counters and the held result's
      // expiry and size stay; nothing else.
      expect(keys).toEqual(["finished", "held", "heldByClient", "heldClients", "heldSizes", "idem:anon:ID", "job:ID", "job:ID", "result:ID", "served:ID", "stats"]);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});

describe("Redis adapter: stored records", () => {
  test("the spec is a string no script decodes; a record written whole, before that, still reads", async () => {
    const prefix = `test:${randomBytes(6).toString("hex")}:`;
    const redis = new Redis(url);
    const queue = new RedisJobQueue(url, { ttlMs: 60_000, leaseMs: 5000, maxAttempts: 3, prefix });
    try {
      const { record } = await queue.enqueue({ converter: "export", params: {}, steps: [], fileName: "a.png" }, new Uint8Array(3));
      const stored = JSON.parse((await redis.get(`${prefix}job:${record.id}`))!);
      expect(stored).not.toHaveProperty("steps");
      expect(JSON.parse(stored.spec)).toEqual({ converter: "export", params: {}, steps: [], fileName: "a.png" });
      // As the scripts wrote it before: the whole record, steps at the top.
      const whole = { ...record, id: "OldRecordOldRecordOld0", client: "ip:x", steps: [{ converter: "invert", params: {} }], error: undefined };
      await redis.set(`${prefix}job:${whole.id}`, JSON.stringify(whole));
      expect(await queue.get(whole.id)).toMatchObject({ converter: "export", steps: [{ converter: "invert", params: {} }], status: "queued" });
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
