import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { MemoryJobQueue } from "../jobs/memory-queue";
import type { JobRecord } from "../jobs/types";
import { threadedConvert } from "./convert";
import { JobRunner } from "./runner";

const MB = 1024 * 1024;
const limits = { maxPixels: 40e6, maxOutputPixels: 40e6, maxResultBytes: 25 * MB, maxJobBytes: 512 * MB };
const threaded = threadedConvert(1, limits, "./data/test/models", join(import.meta.dirname, "stuck-thread.fixture.mjs"));
const queue = new MemoryJobQueue({ ttlMs: 60_000, leaseMs: 2000, maxAttempts: 3 });
const runner = new JobRunner({ queue, convert: threaded.convert, concurrency: 1, heartbeatMs: 500, pollMs: 20 }).start();
afterAll(async () => {
  await runner.stop();
  await threaded.close();
});

const rss = () => process.memoryUsage.rss();
async function until<T>(what: string, probe: () => T | Promise<T>, ok: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const settled = (id: string) => until(`job ${id}`, () => queue.get(id), (job) => job?.status === "done" || job?.status === "failed");

test("the deadline ends a stuck conversion with 504, frees its thread's memory, and the next job runs", async () => {
  const before = rss();
  const spec = { converter: "invert", params: {}, deadlineSeconds: 3 } satisfies Partial<JobRecord>;
  const stuck = (await queue.enqueue(spec, new TextEncoder().encode("stuck"))).record.id;
  // The thread holds its 300 MB while it is stuck…
  const peak = await until("the stuck thread's memory", rss, (now) => now - before > 250 * MB);
  expect((await queue.get(stuck))?.status).toBe("running");
  const failed = await settled(stuck);
  expect(failed).toMatchObject({ status: "failed", error: { status: 504, title: "Timed out" } });
  expect(failed?.error?.detail).toMatch(/time limit of 3 s/);
  // …and gives it back when the deadline ends the thread.
  const after = await until("memory after the deadline", rss, (now) => now - before < 100 * MB);
  console.log(`RSS: ${Math.round(before / MB)} MB before, ${Math.round(peak / MB)} MB stuck, ${Math.round(after / MB)} MB after the deadline`);

  const next = (await queue.enqueue({ converter: "invert", params: {} }, new TextEncoder().encode("fine"))).record.id;
  expect(await settled(next)).toMatchObject({ status: "done" });
  expect(new TextDecoder().decode(await queue.getResult(next))).toBe("fine");
}, 60_000);
