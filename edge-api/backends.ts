// The switchboard: the one place the environment becomes adapters, for every port. Embedded (no
// REDIS_URL: `npm start`, one process) gets the in-process queue, replica registry and rate-limit
// counts; scaled out (REDIS_URL: api, worker and web processes, the chart) gets Redis for all
// three, shared by every replica. The database (PGlite or PostgreSQL, by DATABASE_URL) and the
// blob store (files or S3, by BLOB_STORE) are chosen by their own modules from their own settings.
import { Redis } from "ioredis";
import type { Store } from "hono-rate-limiter";
import { openBlobStore } from "./blobs";
import type { BlobStore } from "./blobs/types";
import { type Database, openDatabase } from "./db";
import type { Env } from "./env";
import { MemoryJobQueue } from "./jobs/memory-queue";
import { RedisJobQueue } from "./jobs/redis-queue";
import type { JobQueue, QueueOptions } from "./jobs/types";
import { redisRateLimitStore } from "./rate-limit";
import { MemoryReplicaRegistry } from "./replicas/memory-registry";
import { RedisReplicaRegistry } from "./replicas/redis-registry";
import type { ReplicaRegistry } from "./replicas/types";

export type BackendMode = "embedded" | "scaled-out";

/** Whether the roles run together in one process or apart, sharing Redis. */
/** Why a split role (api, worker) will not start embedded. */
export const SPLIT_ROLES_NEED_SCALED_OUT = "The api and worker roles share their jobs through Redis: set REDIS_URL (and DATABASE_URL). `npm start` runs everything in one process without them.";

export function backendMode(env: Pick<Env, "REDIS_URL">): BackendMode {
  return env.REDIS_URL ? "scaled-out" : "embedded";
}

export function queueOptions(env: Env): QueueOptions & { heartbeatMs: number } {
  const ttlMs = env.JOB_TTL_SECONDS * 1000;
  // The lease must lapse well before the record's TTL, so a dead worker's job is requeued
  // rather than expiring; beats come several times per lease, so one lost beat is harmless.
  const leaseMs = Math.min(5000, ttlMs / 2);
  return { ttlMs, leaseMs, maxAttempts: 3, heartbeatMs: leaseMs / 4, maxWaitMs: env.MAX_QUEUE_WAIT_SECONDS * 1000, maxHeldResultBytes: env.MAX_HELD_RESULT_BYTES };
}

/** What the services (gallery, accounts, status) keep their state in. */
export interface Stores {
  database: Database;
  blobs: BlobStore;
  replicas: ReplicaRegistry;
  close(): Promise<void>;
}

export function openStores(env: Env): Stores {
  const database = openDatabase(env);
  const blobs = openBlobStore(env);
  const replicas = backendMode(env) === "scaled-out" ? new RedisReplicaRegistry(env.REDIS_URL!, env.REDIS_PREFIX) : new MemoryReplicaRegistry();
  return {
    database,
    blobs,
    replicas,
    async close() {
      await replicas.close();
      await database.close();
      await blobs.close();
    },
  };
}

export interface Backends extends Stores {
  mode: BackendMode;
  queue: JobQueue;
  /** Shared rate-limit counts; unset (embedded), each limiter counts in this process. */
  rateLimitStore?: Store;
}

/** Every adapter the runtime needs, for this environment. */
export function openBackends(env: Env): Backends {
  const mode = backendMode(env);
  const options = queueOptions(env);
  const stores = openStores(env);
  const queue = mode === "scaled-out" ? new RedisJobQueue(env.REDIS_URL!, { ...options, prefix: env.REDIS_PREFIX }) : new MemoryJobQueue(options);
  // Rate-limit counts shared by every api replica, on a connection of their own.
  const limitsRedis = mode === "scaled-out" ? new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 2, commandTimeout: 5000 }) : undefined;
  limitsRedis?.on("error", () => {});
  return {
    ...stores,
    mode,
    queue,
    rateLimitStore: limitsRedis && redisRateLimitStore(limitsRedis, `${env.REDIS_PREFIX}rate:`),
    async close() {
      limitsRedis?.disconnect();
      await queue.close();
      await stores.close();
    },
  };
}
