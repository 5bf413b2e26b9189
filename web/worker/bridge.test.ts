import * as Comlink from "comlink";
import { MessageChannel } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import { WorkerBridge } from "./bridge";

// A stand-in for `new Worker(...)`: the far end of a MessageChannel exposing a small API.
let started = 0;
let terminated = 0;
let running = 0;
let maxRunning = 0;
/** Called when a call starts running in the worker, for tests that act at that moment. */
let onStart: (() => void) | undefined;
const api = {
  async slow(ms: number, value: string) {
    running++;
    onStart?.();
    maxRunning = Math.max(maxRunning, running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    return value;
  },
  size(buffer: ArrayBuffer) {
    return buffer.byteLength;
  },
};
type Api = typeof api;

function fakeWorker(): Worker {
  started++;
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
  return Object.assign(port1, {
    terminate() {
      terminated++;
      port1.close();
      port2.close();
    },
  }) as unknown as Worker;
}

afterEach(() => {
  started = terminated = running = maxRunning = 0;
});

test("calls run one at a time, in order, on one worker", async () => {
  const bridge = new WorkerBridge<Api>(fakeWorker);
  const order: string[] = [];
  await Promise.all(
    ["a", "b", "c"].map((v, i) => bridge.call((w) => w.slow(30 - i * 10, v)).then((r) => order.push(r))),
  );
  expect(order).toEqual(["a", "b", "c"]);
  expect(maxRunning).toBe(1);
  expect(started).toBe(1);
  bridge.terminate();
});

test("aborting a running call terminates the worker; the next call gets a fresh one", async () => {
  const bridge = new WorkerBridge<Api>(fakeWorker);
  const controller = new AbortController();
  const doomed = bridge.call((w) => w.slow(1_000, "late"), controller.signal);
  await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  await expect(doomed).rejects.toThrow(/abort/i);
  expect(terminated).toBe(1);
  expect(await bridge.call((w) => w.slow(1, "fresh"))).toBe("fresh");
  expect(started).toBe(2);
  bridge.terminate();
});

test("aborting a queued call rejects it at once and it never runs", async () => {
  const bridge = new WorkerBridge<Api>(fakeWorker);
  const controller = new AbortController();
  const first = bridge.call((w) => w.slow(50, "first"));
  let ran = false;
  const queued = bridge.call(async (w) => {
    ran = true;
    return w.slow(1, "queued");
  }, controller.signal);
  controller.abort();
  await expect(queued).rejects.toThrow(/abort/i);
  expect(await first).toBe("first");
  expect(ran).toBe(false);
  expect(terminated).toBe(0);
  bridge.terminate();
});

test("an idle worker is ended, and transferred buffers leave the page", async () => {
  const bridge = new WorkerBridge<Api>(fakeWorker, { idleMs: 30 });
  const buffer = new ArrayBuffer(1024);
  expect(await bridge.call((w) => w.size(Comlink.transfer(buffer, [buffer])))).toBe(1024);
  expect(buffer.byteLength).toBe(0);
  expect(bridge.running).toBe(true);
  await new Promise((r) => setTimeout(r, 80));
  expect(bridge.running).toBe(false);
  expect(terminated).toBe(1);
});

test("a kept call, aborted while it runs, rejects at once but finishes on the same worker", async () => {
  const bridge = new WorkerBridge<Api>(fakeWorker);
  const controller = new AbortController();
  let finished = false;
  // Aborted once the call is running in the worker.
  const inWorker = new Promise<void>((resolve) => (onStart = resolve));
  const first = bridge.call(async (w) => {
    const value = await w.slow(20, "first");
    finished = true;
    return value;
  }, controller.signal, { keep: true });
  await inWorker;
  onStart = undefined;
  controller.abort();
  await expect(first).rejects.toThrow(/abort/i);
  // The next call waits for the kept one: it never runs alongside it, and no worker was ended.
  expect(await bridge.call((w) => w.slow(1, "second"))).toBe("second");
  expect(finished).toBe(true);
  expect(maxRunning).toBe(1);
  expect([started, terminated]).toEqual([1, 0]);
  bridge.terminate();
});
