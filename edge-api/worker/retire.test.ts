import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import type { JobRecord } from "../jobs/types";
import { threadedConvert } from "./convert";
import { JobFailure } from "./runner";
import { ThreadHealth } from "./thread-health";

const MB = 1024 * 1024;
const limits = { maxPixels: 40e6, maxOutputPixels: 40e6, maxResultBytes: 25 * MB, maxJobBytes: 512 * MB };
const threaded = threadedConvert(1, limits, "./data/test/models", join(import.meta.dirname, "retiring-thread.fixture.mjs"));
afterAll(() => threaded.close());

const job = { id: "j", converter: "invert", params: {}, steps: [{ converter: "invert", params: {} }] } as unknown as JobRecord;
const run = (input: string) => threaded.convert(job, new TextEncoder().encode(input), new AbortController().signal, () => {});
const threadOf = async () => new TextDecoder().decode((await run("fine")).data);
const failure = (input: string) => run(input).then(() => undefined, (error: unknown) => (error instanceof JobFailure ? error.problem : error));

test("a thread that runs out of memory fails its own job with 422 and what to lower, and the next job gets a fresh thread", async () => {
  const first = await threadOf();
  expect(await threadOf()).toBe(first); // a healthy thread is reused
  expect(await failure("oom")).toMatchObject({ status: 422, title: "Too large", detail: expect.stringMatching(/too large for this server's memory/) });
  const next = await threadOf();
  expect(next).not.toBe(first);
  expect(threaded.health.problem()).toBeUndefined();
});

test("a crashed or dead thread fails only its own job with a clear 500; three in a row make the threads unhealthy until one succeeds", async () => {
  const before = await threadOf();
  expect(await failure("crash")).toMatchObject({ status: 500, title: "Conversion failed", detail: expect.stringMatching(/internal error/) });
  expect(await failure("die")).toMatchObject({ status: 500, detail: expect.stringMatching(/stopped unexpectedly/) });
  expect(threaded.health.problem()).toBeUndefined();
  expect(await failure("crash")).toMatchObject({ status: 500 });
  expect(threaded.health.problem()).toMatch(/3 conversions in a row/);
  const after = await threadOf();
  expect(after).not.toBe(before);
  expect(threaded.health.problem()).toBeUndefined();
});

test("thread health needs several failures in a row", () => {
  const health = new ThreadHealth();
  for (let i = 1; i < ThreadHealth.FAILURES_TO_UNREADY; i++) health.failed("x");
  expect(health.problem()).toBeUndefined();
  health.failed("trap");
  expect(health.problem()).toMatch(/trap/);
  health.succeeded();
  expect(health.problem()).toBeUndefined();
});

test("/readyz: a process whose threads cannot convert leaves the load balancer; one that only makes thumbnails is degraded", async () => {
  const { testRuntime } = await import("../testing");
  for (const worker of [true, false]) {
    const runtime = testRuntime({}, { worker });
    try {
      expect((await runtime.app.request("/readyz")).status).toBe(200);
      for (let i = 0; i < ThreadHealth.FAILURES_TO_UNREADY; i++) runtime.threaded.health.failed("unreachable");
      const res = await runtime.app.request("/readyz");
      const body = (await res.json()) as { detail?: string; status?: string; checks: { converter: boolean } };
      expect(body.checks.converter).toBe(false);
      if (worker) expect([res.status, body.detail]).toEqual([503, expect.stringMatching(/cannot convert/)]);
      else expect([res.status, body.status]).toEqual([200, "degraded"]);
      runtime.threaded.health.succeeded();
      expect((await runtime.app.request("/readyz")).status).toBe(200);
    } finally {
      await runtime.close();
    }
  }
});
