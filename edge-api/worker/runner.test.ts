import { afterEach, expect, test } from "vitest";
import { MemoryJobQueue } from "../jobs/memory-queue";
import { JobRunner } from "./runner";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const spec = { converter: "invert", params: {} };
let runner: JobRunner | undefined;
afterEach(async () => {
  await runner?.stop();
});

/** Resolves `all` once `one()` has been called n times: conversions that have started. */
function started(n: number) {
  let one = () => {};
  const all = new Promise<void>((resolve) => {
    let count = 0;
    one = () => {
      if (++count === n) resolve();
    };
  });
  return { all, one: () => one() };
}

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

test("a stopping worker finishes a job that ends within its drain, and hands back one that does not, at once", async () => {
  // A lease far longer than the test: only a release, not a lapse, can free the job.
  const queue = new MemoryJobQueue({ ttlMs: 600_000, leaseMs: 600_000, maxAttempts: 3 });
  let finishQuick: () => void = () => {};
  const bothStarted = started(2);
  const convert = async (job: { params: Record<string, unknown> }, _input: Uint8Array, signal: AbortSignal) => {
    bothStarted.one();
    if (job.params.quick) await new Promise<void>((r) => (finishQuick = r));
    else await new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
    return { data: new Uint8Array([7]), mime: "image/png" };
  };
  const stopping = new JobRunner({ queue, convert, concurrency: 2, heartbeatMs: 1000, pollMs: 10, workerId: "old" }).start();
  const quick = (await queue.enqueue({ ...spec, params: { quick: true } }, new Uint8Array([1]))).record.id;
  const slow = (await queue.enqueue({ ...spec, client: "b" }, new Uint8Array([2]))).record.id;
  await bothStarted.all;

  const stopped = stopping.stop({ handBackAfterMs: 200 });
  finishQuick();
  await stopped;
  expect(await queue.get(quick)).toMatchObject({ status: "done", workerId: "old" });
  expect(await queue.get(slow)).toMatchObject({ status: "queued", attempts: 0 });
  expect(await queue.heartbeat(slow, "old", 0.5)).toBe("lost");

  runner = new JobRunner({ queue, convert: async () => ({ data: new Uint8Array([8]), mime: "image/png" }), concurrency: 1, heartbeatMs: 1000, pollMs: 10, workerId: "new" }).start();
  expect(await settle(queue, slow)).toMatchObject({ status: "done", attempts: 1, workerId: "new" });
});

test("without a drain limit, stop waits for running jobs to finish", async () => {
  const queue = new MemoryJobQueue({ ttlMs: 10_000, leaseMs: 2000, maxAttempts: 3 });
  let finish: () => void = () => {};
  const running = started(1);
  const order: string[] = [];
  const convert = async () => {
    running.one();
    await new Promise<void>((r) => (finish = r));
    order.push("conversion finished");
    return { data: new Uint8Array([1]), mime: "image/png" };
  };
  const stopping = new JobRunner({ queue, convert, concurrency: 1, heartbeatMs: 1000, pollMs: 10 }).start();
  const { record } = await queue.enqueue(spec, new Uint8Array([9]));
  await running.all;
  const stopped = stopping.stop().then(() => order.push("stopped"));
  // A stop that did not wait would settle within these turns of the event loop.
  for (let turn = 0; turn < 10; turn++) await new Promise((r) => setImmediate(r));
  finish();
  await stopped;
  expect(order).toEqual(["conversion finished", "stopped"]);
  expect(await queue.get(record.id)).toMatchObject({ status: "done" });
});
