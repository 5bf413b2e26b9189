import { join } from "node:path";
import { createApp } from "./app";
import { createTokens } from "./auth/tokens";
import { openDatabase } from "./db";
import { type Env, loadEnv } from "./env";
import { MemoryJobQueue } from "./jobs/memory-queue";
import { RedisJobQueue } from "./jobs/redis-queue";
import type { JobQueue, QueueOptions } from "./jobs/types";
import { threadedConvert } from "./worker/convert";
import { JobRunner } from "./worker/runner";

export interface Runtime {
  env: Env;
  queue: JobQueue;
  app: ReturnType<typeof createApp>;
  runner?: JobRunner;
  close(): Promise<void>;
}

export function queueOptions(env: Env): QueueOptions & { heartbeatMs: number } {
  const ttlMs = env.JOB_TTL_SECONDS * 1000;
  // The lease must lapse well before the record's TTL, so a dead worker's job is requeued
  // rather than expiring; beats come several times per lease, so one lost beat is harmless.
  const leaseMs = Math.min(5000, ttlMs / 2);
  return { ttlMs, leaseMs, maxAttempts: 3, heartbeatMs: leaseMs / 4 };
}

/** The adapters come from the environment: Redis when REDIS_URL is set, in-process otherwise. */
export function createRuntime(roles: { worker: boolean }, env: Env = loadEnv()): Runtime {
  const options = queueOptions(env);
  const queue = env.REDIS_URL ? new RedisJobQueue(env.REDIS_URL, { ...options, prefix: env.REDIS_PREFIX }) : new MemoryJobQueue(options);
  const database = openDatabase(env);
  const app = createApp({ env, queue, database, tokens: createTokens(env) });
  let runner: JobRunner | undefined;
  let closeConvert = async () => {};
  if (roles.worker) {
    const threaded = threadedConvert(env.WORKER_CONCURRENCY, env.MAX_PIXELS, join(env.DATA_DIR, "models"));
    closeConvert = threaded.close;
    runner = new JobRunner({ queue, convert: threaded.convert, concurrency: env.WORKER_CONCURRENCY, heartbeatMs: options.heartbeatMs }).start();
  }
  return {
    env,
    queue,
    app,
    runner,
    async close() {
      await runner?.stop();
      await closeConvert();
      await queue.close();
      await database.close();
    },
  };
}

const key = Symbol.for("image-editor.runtime");
type Holder = { [key]?: Runtime };

/**
 * The process-wide runtime inside Next: everything in one process (the embedded default), or,
 * with REDIS_URL set, the API only, and separate worker processes do the work.
 */
export function getEmbeddedRuntime(): Runtime {
  const holder = globalThis as Holder;
  holder[key] ??= createRuntime({ worker: !process.env.REDIS_URL });
  return holder[key];
}
