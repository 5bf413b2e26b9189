import { expect, test } from "vitest";
import { loadEnv } from "../env";
import { MemoryReplicaRegistry } from "../replicas/memory-registry";
import { queueRoom } from "./admission";
import { MemoryJobQueue } from "./memory-queue";
import type { JobQueue } from "./types";

test("the expected wait is queued work × measured speed ÷ worker slots; over the bound it is 503, Retry-After from it", async () => {
  const env = loadEnv({ MAX_QUEUE_WAIT_SECONDS: "600" });
  const queue = new MemoryJobQueue({ ttlMs: 60_000, leaseMs: 5000, maxAttempts: 3 });
  const replicas = new MemoryReplicaRegistry();
  const beat = (id: string, slots: number) => replicas.beat({ id, role: "worker", startedAt: 0, busy: 0, processed: 0, slots });
  await beat("w1", 1);
  for (let i = 0; i < 4; i++) await queue.enqueue({ converter: "deepdream", params: {}, workSeconds: 200 }, new Uint8Array(1));
  // 800 s of work on one slot: over 600 by 200.
  expect(await queueRoom(env, queue, replicas)).toMatchObject({ status: 503, retryAfter: 200, detail: expect.stringMatching(/about 800 s of work/) });
  // Two slots share it: 400 s, within the bound.
  await beat("w2", 1);
  expect(await queueRoom(env, queue, replicas)).toBeUndefined();
  // Measured twice as slow as estimated (the contract suite checks how the ratio is measured): 800 s again.
  const slower = { stats: async () => ({ ...(await queue.stats()), speedRatio: 2 }) } as JobQueue;
  expect(await queueRoom(env, slower, replicas)).toMatchObject({ status: 503, retryAfter: 200 });
  await queue.close();
  await replicas.close();
});
