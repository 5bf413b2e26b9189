import { expect, test } from "vitest";
import { loadEnv } from "../env";
import { MemoryReplicaRegistry } from "../replicas/memory-registry";
import { queueRoom } from "./admission";
import { MemoryJobQueue } from "./memory-queue";
import type { JobQueue } from "./types";

test("the expected wait is the work ahead (round-robin) × measured speed ÷ worker slots; over the bound it is 503, Retry-After from it", async () => {
  const env = loadEnv({ MAX_QUEUE_WAIT_SECONDS: "600" });
  const queue = new MemoryJobQueue({ ttlMs: 60_000, leaseMs: 5000, maxAttempts: 3 });
  const replicas = new MemoryReplicaRegistry();
  const beat = (id: string, slots: number) => replicas.beat({ id, role: "worker", startedAt: 0, busy: 0, processed: 0, slots });
  await beat("w1", 1);
  for (let i = 0; i < 4; i++) await queue.enqueue({ converter: "deepdream", params: {}, workSeconds: 200, client: "ip:a" }, new Uint8Array(1));
  // A's next job waits for its own 800 s on one slot: over 600 by 200.
  expect(await queueRoom(env, queue, replicas, "ip:a")).toMatchObject({ status: 503, retryAfter: 200, detail: expect.stringMatching(/About 800 s of work is ahead/) });
  // Another client's job waits for A's next job only: A's backlog is not everyone's wait.
  expect(await queueRoom(env, queue, replicas, "ip:b")).toBeUndefined();
  // Two slots share it: 400 s, within the bound.
  await beat("w2", 1);
  expect(await queueRoom(env, queue, replicas, "ip:a")).toBeUndefined();
  // Measured twice as slow as estimated (the contract suite checks how the ratio is measured): 800 s again.
  const measured = (speedRatio: number) => ({ stats: async () => ({ ...(await queue.stats()), speedRatio }), ahead: (c: string) => queue.ahead(c) }) as JobQueue;
  expect(await queueRoom(env, measured(2), replicas, "ip:a")).toMatchObject({ status: 503, retryAfter: 200 });
  // However skewed the measurement, it moves the estimate at most threefold (or halves it).
  expect(await queueRoom(env, measured(100), replicas, "ip:a")).toMatchObject({ status: 503, retryAfter: 600 });
  expect(await queueRoom(env, measured(0.01), replicas, "ip:c")).toBeUndefined();
  await queue.close();
  await replicas.close();
});
