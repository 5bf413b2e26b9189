// A running job's progress reaches GET /api/jobs/{id} within one poll (Retry-After: 1), whatever
// the lease heartbeat's period, and the ETA comes from the measured rate and falls between
// polls. The clock is vitest's fake one: no wall-clock waits, no durations measured.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { loadEnv } from "../env";
import { MemoryJobQueue } from "../jobs/memory-queue";
import { type ConvertFn, JobRunner } from "../worker/runner";
import { createTokens } from "../auth/tokens";
import { jobPollRoute } from "./job-poll";

let runner: JobRunner;
let queue: MemoryJobQueue;
let report: (p: number) => void;
let finish: () => void;
let writes = 0;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], now: 1_700_000_000_000 });
  queue = new MemoryJobQueue({ ttlMs: 100_000, leaseMs: 60_000, maxAttempts: 3, now: () => Date.now() });
  const heartbeat = queue.heartbeat.bind(queue);
  writes = 0;
  queue.heartbeat = (...args) => (writes++, heartbeat(...args));
  const convert: ConvertFn = (_job, input, _signal, onProgress) =>
    new Promise((resolve) => {
      report = onProgress;
      finish = () => resolve({ data: input, mime: "image/png" });
    });
  // A lease heartbeat far longer than a poll: progress must not wait for it.
  runner = new JobRunner({ queue, convert, concurrency: 1, heartbeatMs: 15_000, pollMs: 20 }).start();
});

afterEach(async () => {
  finish?.();
  const stopped = runner.stop();
  await vi.advanceTimersByTimeAsync(100);
  await stopped;
  await queue.close();
  vi.useRealTimers();
});

async function runningJob() {
  const { record } = await queue.enqueue({ converter: "deepdream", params: {} }, new Uint8Array([1]));
  await vi.advanceTimersByTimeAsync(20);
  expect((await queue.get(record.id))?.status).toBe("running");
  const routes = jobPollRoute({ queue, tokens: createTokens(loadEnv({ DATA_DIR: "./data/test" })), sessions: { isLive: async () => true } });
  /** One poll, as the page makes it: then it waits Retry-After. */
  return async () => {
    const res = await routes.request(`/jobs/${record.id}`);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; progress: number; etaSeconds?: number };
    return { retryAfter: res.headers.get("retry-after"), ...body };
  };
}

test("progress a running job reports is visible to GET within one poll, and Retry-After for a running job is 1", async () => {
  const poll = await runningJob();
  expect(await poll()).toMatchObject({ status: "running", progress: 0, retryAfter: "1" });
  for (let i = 1; i <= 5; i++) {
    report(i / 10);
    // The page waits Retry-After (1 s), then polls: the progress reported meanwhile is there.
    await vi.advanceTimersByTimeAsync(1000);
    expect(await poll()).toMatchObject({ status: "running", progress: i / 10, retryAfter: "1" });
  }
});

test("a report just after a write is still visible by the next poll; a burst of reports is one write per 500 ms", async () => {
  const poll = await runningJob();
  report(0.1); // written at once
  await vi.advanceTimersByTimeAsync(100);
  const before = writes;
  for (let i = 1; i <= 30; i++) {
    report((10 + i) / 100); // 30 rises in 300 ms
    await vi.advanceTimersByTimeAsync(10);
  }
  expect(writes - before).toBe(0); // throttled: the last write was under 500 ms ago
  await vi.advanceTimersByTimeAsync(500);
  expect(writes - before).toBe(1); // one trailing write carries the latest
  expect(await poll()).toMatchObject({ progress: 0.4, retryAfter: "1" });
});

test("the ETA comes from the measured rate and counts down between polls while progress pauses", async () => {
  const poll = await runningJob();
  // 10 % a second, measured over four rises.
  for (let i = 1; i <= 5; i++) {
    report(i / 10);
    await vi.advanceTimersByTimeAsync(1000);
  }
  // Half done at 0.1 per second; the last rise was a second ago: 5 s − 1 s.
  expect(await poll()).toMatchObject({ progress: 0.5, etaSeconds: 4 });
  await vi.advanceTimersByTimeAsync(1000);
  expect(await poll()).toMatchObject({ progress: 0.5, etaSeconds: 3 });
  report(0.6);
  await vi.advanceTimersByTimeAsync(1000);
  // The rate is now measured over 0.5 in 6 s: 0.4 × 12 s − 1 s.
  expect(await poll()).toMatchObject({ progress: 0.6, etaSeconds: 4 });
});
