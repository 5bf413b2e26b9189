// For tests of the job routes with a converter of the test's own: the real app and queue (either
// adapter) and the real runner, with `convert` in place of the conversion threads.
import { randomBytes } from "node:crypto";
import { createApp } from "../app";
import { saveJobsToGallery } from "../gallery/save-jobs";
import { loadEnv } from "../env";
import { createMetrics } from "../metrics";
import { queueOptions } from "../backends";
import { createServices } from "../runtime";
import { type ConvertFn, JobRunner } from "../worker/runner";
import { MemoryJobQueue } from "./memory-queue";
import { RedisJobQueue } from "./redis-queue";
import type { JobRecord } from "./types";

export const ADAPTERS = ["in-process", "Redis"] as const;

/** With saveToGallery, the worker saves a signed-in user's results to the gallery, as a real worker does. */
export function jobsHarness(adapter: (typeof ADAPTERS)[number], vars: Record<string, string>, convert: ConvertFn, concurrency = 1, { saveToGallery = false } = {}) {
  const env = loadEnv({ DATA_DIR: "./data/test", ...vars });
  const options = queueOptions(env);
  const queue =
    adapter === "Redis"
      ? new RedisJobQueue(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", { ...options, prefix: `harness:${randomBytes(6).toString("hex")}:` })
      : new MemoryJobQueue(options);
  const services = createServices(env, 1);
  const onConverted = saveToGallery ? saveJobsToGallery(services.gallery) : undefined;
  const runner = new JobRunner({ queue, convert, concurrency, heartbeatMs: options.heartbeatMs, pollMs: 20, onConverted }).start();
  const app = createApp({ env, queue, ...services, metrics: createMetrics(queue, "embedded") });
  return {
    app,
    queue,
    runner,
    services,
    async close() {
      // Whatever still runs (a test's slow job) is handed back at once rather than awaited.
      await runner.stop({ handBackAfterMs: 0 });
      await queue.close();
      await services.close();
    },
  };
}

/** A test converter: `seconds` long, reporting progress ten times, stopping at once when aborted. */
export const sleeper =
  (seconds: (job: JobRecord) => number): ConvertFn =>
  async (job, input, signal, onProgress) => {
    const total = seconds(job);
    for (let i = 1; i <= 10 && !signal.aborted; i++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, (total * 1000) / 10);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (!signal.aborted) onProgress(i / 10);
    }
    return { data: input, mime: "image/png" };
  };
