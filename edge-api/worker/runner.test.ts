import { afterEach, expect, test } from "vitest";
import { MemoryJobQueue } from "../jobs/memory-queue";
import { JobRunner } from "./runner";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const spec = { converter: "invert", params: {} };
let runner: JobRunner | undefined;
afterEach(async () => {
  await runner?.stop();
});

async function settle(queue: MemoryJobQueue, id: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await queue.get(id);
    if (job && job.status !== "queued" && job.status !== "running") return job;
    if (Date.now() > deadline) throw new Error(`job still ${job?.status}`);
    await sleep(20);
  }
}

test("a finished job's report is retried through a store outage, so the work is kept", async () => {
  const queue = new MemoryJobQueue({ ttlMs: 10_000, leaseMs: 2000, maxAttempts: 3 });
  const complete = queue.complete.bind(queue);
  let calls = 0;
  queue.complete = async (...args) => {
    if (++calls <= 3) throw new Error("Connection is closed.");
    return complete(...args);
  };
  let conversions = 0;
  const convert = async () => {
    conversions++;
    return { data: new Uint8Array([1, 2, 3]), mime: "image/png" };
  };
  runner = new JobRunner({ queue, convert, concurrency: 1, heartbeatMs: 100, pollMs: 10 }).start();
  const { record } = await queue.enqueue(spec, new Uint8Array([9]));
  expect(await settle(queue, record.id)).toMatchObject({ status: "done", attempts: 1 });
  expect([calls, conversions, runner.processed]).toEqual([4, 1, 1]);
});

test("a store that stays down past the patience loses the lease; the job is run again, then fails clearly", async () => {
  const queue = new MemoryJobQueue({ ttlMs: 10_000, leaseMs: 150, maxAttempts: 2 });
  queue.complete = async () => {
    throw new Error("Connection is closed.");
  };
  const convert = async () => ({ data: new Uint8Array([1]), mime: "image/png" });
  runner = new JobRunner({ queue, convert, concurrency: 1, heartbeatMs: 1000, pollMs: 10, reapMs: 50, reportPatienceMs: 300 }).start();
  const { record } = await queue.enqueue(spec, new Uint8Array([9]));
  expect(await settle(queue, record.id)).toMatchObject({ status: "failed", attempts: 2, error: { status: 502 } });
});
