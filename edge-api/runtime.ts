import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createApp } from "./app";
import { backendMode, openBackends, openStores, queueOptions, type Stores } from "./backends";
import { healthRoutes } from "./routes/health";
import { createMetrics } from "./metrics";
import { createSessions } from "./auth/sessions";
import { createTokens } from "./auth/tokens";
import { type Env, loadEnv } from "./env";
import type { JobQueue } from "./jobs/types";
import { createGallery } from "./gallery/service";
import { saveJobsToGallery } from "./gallery/save-jobs";
import { startSweeper } from "./gallery/sweeper";
import { type ThreadedConvert, threadedConvert } from "./worker/convert";
import { JobRunner } from "./worker/runner";
import { EMBEDDED_RUNTIME } from "./lifecycle";
import { startHeartbeat } from "./replicas/heartbeat";
import { REPLICA } from "./metrics";

export interface Runtime {
  env: Env;
  queue: JobQueue;
  app: ReturnType<typeof createApp>;
  /** /healthz and /readyz alone: what a worker serves for its probes. */
  health: ReturnType<typeof healthRoutes>;
  runner?: JobRunner;
  /** The threads readiness watches: the jobs' (embedded app, workers), else the thumbnails' (api). */
  threaded: ThreadedConvert;
  /** The database, blob store, gallery, sessions and tokens it runs on. */
  services: Services;
  /** Stops everything; a worker's running jobs get handBackAfterMs to finish, then go back to the queue. */
  close(options?: { handBackAfterMs?: number }): Promise<void>;
}

/**
 * Threads for one ML job: the CPU the container may use (CPU_LIMIT, which the chart sets from the
 * worker's resources.limits.cpu; else the machine's cores) shared by the jobs that run at once.
 */
export function mlThreads(env: Pick<Env, "CPU_LIMIT">, slots: number): number {
  const cpus = Math.min(availableParallelism(), env.CPU_LIMIT ?? Infinity);
  return Math.max(1, Math.floor(cpus / Math.max(1, slots)));
}

/** Thumbnails waiting for the thumbnail thread; the next save answers 503 with Retry-After. */
const THUMBNAIL_QUEUE = 8;
export type Services = ReturnType<typeof createServices>;

/**
 * Everything but the queue: the gallery, tokens, sessions and threads, on `stores` (the
 * switchboard's; opened here from the environment when not given, and then closed here too).
 */
export function createServices(env: Env, threads: number, given?: Stores) {
  const stores = given ?? openStores(env);
  const { database, blobs, replicas } = stores;
  // Threads start on first use: an API-only process starts one only to make a gallery thumbnail.
  const limits = { maxPixels: env.MAX_PIXELS, maxOutputPixels: env.MAX_OUTPUT_PIXELS, maxResultBytes: env.MAX_RESULT_BYTES, maxJobBytes: env.MAX_JOB_BYTES, mlThreads: mlThreads(env, threads) };
  const threaded = threadedConvert(threads, limits, join(env.DATA_DIR, "models"));
  // A result saved from the device (POST /api/gallery without a thumb) gets its thumbnail on a
  // thread of its own, with a short queue: it never waits behind a job, nor a job behind it.
  // Its decodes are planned to half MAX_JOB_BYTES (routes/gallery.ts) and its heap kept under 320 MiB,
  // so an api process that makes thumbnails stays inside the chart's 768 Mi.
  const thumbnails = threadedConvert(1, { ...limits, retireHeapBytes: 320 * 1024 * 1024 }, join(env.DATA_DIR, "models"), undefined, { maxQueue: THUMBNAIL_QUEUE, idleMs: 10_000 });
  const gallery = createGallery({ database, blobs, thumbnail: thumbnails.thumbnail, quota: { bytes: env.GALLERY_QUOTA_BYTES, items: env.GALLERY_QUOTA_ITEMS, totalBytes: env.STORAGE_QUOTA_BYTES } });
  return {
    database,
    blobs,
    gallery,
    threaded,
    thumbnails,
    replicas,
    tokens: createTokens(env),
    sessions: createSessions(database),
    async close() {
      await threaded.close();
      await thumbnails.close();
      if (!given) await stores.close();
    },
  };
}

/**
 * The adapters come from the switchboard (backends.ts): Redis when scaled out, in-process when
 * embedded. `warm` opens the database now, in the background, rather than in the first request
 * that needs it.
 */
export function createRuntime(roles: { worker: boolean; web?: boolean }, env: Env = loadEnv(), { warm = false }: { warm?: boolean } = {}): Runtime {
  const options = queueOptions(env);
  const backends = openBackends(env);
  const { queue, rateLimitStore } = backends;
  const services = createServices(env, roles.worker ? env.WORKER_CONCURRENCY : 1, backends);
  const { threaded, gallery } = services;
  // A failure is no matter here: db() is asked again, and retries, by the request that needs it.
  if (warm) void services.database.db().catch(() => {});
  const role = backends.mode === "embedded" ? "embedded" : roles.worker ? "worker" : roles.web ? "web" : "api";
  const metrics = createMetrics(queue, role);
  // The Next process (embedded, or the web role) faces the public: it serves /metrics only with METRICS_TOKEN.
  const metricsAccess = { token: env.METRICS_TOKEN, open: !roles.web };
  // Readiness watches the threads this process relies on: the jobs' where it runs jobs, else the thumbnails'.
  const watched = roles.worker ? threaded : services.thumbnails;
  const app = createApp({ env, queue, ...services, threaded: watched, metrics, rateLimitStore, metricsAccess, runsJobs: roles.worker });
  // Queued jobs past their wait fail with 503 even while no worker runs (workers reap too).
  const reaper = roles.worker ? undefined : setInterval(() => void queue.reap().catch(() => {}), 1000);
  reaper?.unref();
  let runner: JobRunner | undefined;
  if (roles.worker) {
    runner = new JobRunner({
      queue,
      convert: threaded.convert,
      onConverted: saveJobsToGallery(gallery),
      metrics,
      concurrency: env.WORKER_CONCURRENCY,
      heartbeatMs: options.heartbeatMs,
    }).start();
  }
  const sweeper = roles.worker ? startSweeper(services.database, services.blobs) : undefined;
  const startedAt = Date.now();
  const heartbeat = startHeartbeat(services.replicas, () => ({
    id: REPLICA,
    role,
    startedAt,
    busy: runner?.running ?? 0,
    processed: runner?.processed ?? 0,
    slots: runner ? env.WORKER_CONCURRENCY : 0,
    ...(env.NODE_NAME && { node: env.NODE_NAME }),
  }));
  return {
    env,
    queue,
    app,
    health: healthRoutes({ queue, ...services, threaded: watched, metrics, metricsAccess, runsJobs: roles.worker }),
    runner,
    threaded: watched,
    services,
    async close(options = {}) {
      clearInterval(reaper);
      sweeper?.stop();
      await runner?.stop(options);
      await heartbeat.stop();
      await services.close();
      await backends.close();
    },
  };
}

type Holder = { [EMBEDDED_RUNTIME]?: Runtime };

/**
 * The process-wide runtime inside Next: everything in one process (embedded), or, scaled out,
 * the API only, and separate worker processes do the work.
 */
export function getEmbeddedRuntime(): Runtime {
  const holder = globalThis as Holder;
  // Warm: opening PGlite takes 0.2 s on an existing data directory and 2.5 s on a new one (plus
  // loading its modules); the first request that asks (a page's /api/auth/session) starts it, so a
  // registration a moment later does not wait for it.
  if (!holder[EMBEDDED_RUNTIME]) {
    const env = loadEnv();
    holder[EMBEDDED_RUNTIME] = createRuntime({ worker: backendMode(env) === "embedded", web: true }, env, { warm: true });
  }
  return holder[EMBEDDED_RUNTIME];
}
