import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { expect, test, vi } from "vitest";
import { jobQueueLimitsContract } from "./job-queue-limits.contract";
import { jobQueueContract } from "./job-queue.contract";
import { MemoryJobQueue } from "./memory-queue";

jobQueueContract("in-process", (options) => new MemoryJobQueue(options));
jobQueueLimitsContract("in-process", (options) => new MemoryJobQueue(options));

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** A result the queue alone refers to, and a weak reference that says when the heap has let it go. */
async function heldResult(queue: MemoryJobQueue) {
  const { record } = await queue.enqueue({ converter: "invert", params: {} }, new Uint8Array(10));
  await queue.claim("w1");
  const result = new Uint8Array(1_000_000);
  await queue.complete(record.id, "w1", result, "image/png");
  return new WeakRef(result);
}

async function collected(ref: WeakRef<Uint8Array>) {
  // A WeakRef holds its target until the current job ends.
  await new Promise((r) => setImmediate(r));
  gc();
  return ref.deref() === undefined;
}

test("an expired result is let go, not only uncounted (the injected clock)", async () => {
  let now = 1_000_000;
  const queue = new MemoryJobQueue({ ttlMs: 100_000, leaseMs: 5000, maxAttempts: 3, now: () => now });
  const ref = await heldResult(queue);
  expect((await queue.stats()).heldResultBytes).toBe(1_000_000);
  expect(await collected(ref)).toBe(false);
  now += 100_000;
  expect((await queue.stats()).heldResultBytes).toBe(0);
  expect(await collected(ref)).toBe(true);
  await queue.close();
});

test("an expired result is let go when it expires, with no call to the queue", async () => {
  const queue = new MemoryJobQueue({ ttlMs: 200, leaseMs: 100, maxAttempts: 3 });
  const ref = await heldResult(queue);
  // Waits for the collection (an event), with a guard against a hang: no duration is asserted.
  await vi.waitFor(async () => expect(await collected(ref)).toBe(true), { timeout: 30_000, interval: 50 });
  await queue.close();
});
