import { afterAll, expect, it } from "vitest";
import { REPLICA } from "./metrics";
import { coffee, form, png, pollUntilDone, testRuntime } from "./testing";

const runtime = testRuntime({ DATA_DIR: `./data/test/metrics-${process.pid}` });
const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
afterAll(() => runtime.close());

it("counts requests by route pattern, jobs by state, queue depth and worker time, and names the replica", async () => {
  const created = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "grayscale" }) });
  expect(created.headers.get("x-served-by")).toBe(REPLICA);
  const { id } = (await created.json()) as { id: string };
  expect((await pollUntilDone(request, id)).status).toBe(200);
  await request("/api/jobs/no-such-job");

  const res = await request("/metrics");
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  const text = await res.text();
  // Route patterns, never raw ids.
  expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*method="POST",route="\/api\/conversions",status="202"[^}]*\} 1/);
  expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/jobs\/:id",status="404"/);
  expect(text).not.toContain(id);
  expect(text).toMatch(/jobs_total\{state="accepted"[^}]*\} 1/);
  expect(text).toMatch(/jobs_total\{state="completed"[^}]*\} 1/);
  expect(text).toMatch(/job_duration_seconds_count\{[^}]*converter="grayscale",outcome="completed"[^}]*\} 1/);
  // Some time, however long the job took on this machine.
  expect(Number(/worker_busy_seconds_total\{[^}]*\} (\S+)/.exec(text)?.[1])).toBeGreaterThan(0);
  expect(text).toMatch(/queue_depth\{[^}]*\} 0/);
  // The finished result waits to be collected (reading it does not free it).
  expect(Number(/queue_held_result_bytes\{[^}]*\} (\S+)/.exec(text)?.[1])).toBeGreaterThan(0);
  expect(text).toMatch(/process_resident_memory_bytes/);
});

it("keeps internals private: no pid in X-Served-By, /metrics never on the web process without METRICS_TOKEN, /api/status can be off", async () => {
  expect(REPLICA).not.toContain(String(process.pid));
  const web = testRuntime({ DATA_DIR: `./data/test/metrics-web-${process.pid}`, STATUS_PAGE: "off" }, { worker: false, web: true });
  const token = "a-metrics-token-of-some-length";
  const guarded = testRuntime({ DATA_DIR: `./data/test/metrics-token-${process.pid}`, METRICS_TOKEN: token }, { worker: false, web: true });
  try {
    expect((await web.app.request("/metrics")).status).toBe(404);
    expect((await web.app.request("/api/status")).status).toBe(404);
    expect((await guarded.app.request("/metrics")).status).toBe(401);
    expect((await guarded.app.request("/metrics", { headers: { Authorization: "Bearer wrong-token-of-the-same-len" } })).status).toBe(401);
    const ok = await guarded.app.request("/metrics", { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/process_resident_memory_bytes/);
    expect((await guarded.app.request("/api/status")).status).toBe(200);
  } finally {
    await web.close();
    await guarded.close();
  }
});
