import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import { createApp } from "../app";
import { loadEnv } from "../env";
import { createServices, queueOptions } from "../runtime";
import { createMetrics } from "../metrics";
import { coffee, form, png, pollUntilDone } from "../testing";
import { JobRunner } from "../worker/runner";
import { MemoryJobQueue } from "./memory-queue";
import { RedisJobQueue } from "./redis-queue";
import type { JobQueue } from "./types";

const env = loadEnv({ JOB_TTL_SECONDS: "3" });
const options = queueOptions(env);
const adapters: Record<string, () => JobQueue> = {
  "in-process": () => new MemoryJobQueue(options),
  Redis: () => new RedisJobQueue("redis://127.0.0.1:6379", { ...options, prefix: `ttl:${randomBytes(6).toString("hex")}:` }),
};

describe.each(Object.keys(adapters))("JOB_TTL_SECONDS=3 (%s)", (name) => {
  const queue = adapters[name]!();
  // A converter that takes 5 s and reports progress as it goes: longer than the TTL.
  const slow = async (_job: unknown, input: Uint8Array, signal: AbortSignal, onProgress: (p: number) => void) => {
    for (let i = 1; i <= 10 && !signal.aborted; i++) {
      await new Promise((r) => setTimeout(r, 500));
      onProgress(i / 10);
    }
    return { data: input, mime: "image/png" };
  };
  const runner = new JobRunner({ queue, convert: slow, concurrency: 2, heartbeatMs: options.heartbeatMs }).start();
  const services = createServices(env, 1);
  const app = createApp({ env, queue, ...services, metrics: createMetrics(queue, "embedded") });
  const start = async () => {
    const res = await app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) });
    return ((await res.json()) as { id: string }).id;
  };
  afterAll(async () => {
    await runner.stop();
    await queue.close();
    await services.close();
  });

  test("a heartbeating job outlives the TTL, its progress only rises, and its unfetched result expires", async () => {
    const id = await start();
    const seen: number[] = [];
    const done = await pollUntilDone(async (path) => {
      const res = await app.request(path);
      if (res.status === 202) seen.push(((await res.clone().json()) as { progress: number }).progress);
      return res;
    }, id);
    expect(done.status).toBe(200);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBeGreaterThan(0.5);

    // A result lives 3 s after the job finished, however often it is read, and then answers 404.
    const unfetched = await start();
    for (let status = 202; status === 202; ) {
      await new Promise((r) => setTimeout(r, 250));
      const res = await app.request(`/api/jobs/${unfetched}`, { method: "GET" });
      status = res.status === 202 ? 202 : 0;
    }
    const finished = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await app.request(`/api/jobs/${unfetched}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await app.request(`/api/jobs/${unfetched}`)).status).toBe(404);
    expect(Date.now() - finished).toBeGreaterThanOrEqual(3000);
  }, 30_000);
});
