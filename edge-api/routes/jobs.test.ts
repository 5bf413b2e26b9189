import { afterAll, beforeEach, describe, expect, test } from "vitest";
import sharp from "sharp";
import { sniffFormat } from "../../converters/engine/formats";
import { coffee, form, fromAddress, png, pollUntilDone, testRuntime } from "../testing";

const runtime = testRuntime();
// No worker: its jobs stay queued, so what a queued job answers is seen every time.
const idle = testRuntime({}, { worker: false });
const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
// Each test its own client address: jobs one test leaves unpolled never count against the next's per-client limit.
let client = 0;
let address = "";
beforeEach(() => {
  address = `192.0.2.${++client}`;
});
const post = (fields: Record<string, string | Blob>, headers: Record<string, string> = {}, name?: string, peer = address) =>
  runtime.app.request("/api/conversions", { method: "POST", body: form(fields, name), headers }, fromAddress(peer));
afterAll(() => Promise.all([runtime.close(), idle.close()]));

async function expectProblem(res: Response, status: number, detail?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (detail) expect(body.detail).toMatch(detail);
}

describe("POST /api/conversions and GET /api/jobs/{id}", () => {
  test("a grayscale job is accepted, polled and served as a PNG named after the upload", async () => {
    const res = await post({ image: png(coffee), converter: "grayscale" });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; converter: string; createdAt: string };
    expect(body).toMatchObject({ status: "queued", converter: "grayscale" });
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.headers.get("location")).toBe(`/api/jobs/${body.id}`);
    expect(Date.parse(body.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const done = await pollUntilDone((p) => request(p), body.id);
    expect(done.status).toBe(200);
    expect(done.headers.get("content-type")).toBe("image/png");
    expect(done.headers.get("content-disposition")).toBe('inline; filename="coffee-grayscale.png"');
    const bytes = new Uint8Array(await done.arrayBuffer());
    expect(sniffFormat(bytes)).toBe("png");
    // A one-band PNG: colour type 0 (greyscale) in the IHDR chunk.
    expect(bytes[25]).toBe(0);
  });

  test("a queued job answers 202 with its progress, its place in the queue and Retry-After", async () => {
    const res = await idle.app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "gaussian-blur", params: JSON.stringify({ sigma: 40 }), format: "webp" }) }, fromAddress(address));
    const { id } = (await res.json()) as { id: string };
    const first = await idle.app.request(`/api/jobs/${id}`);
    expect(first.status).toBe(202);
    expect(Number(first.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await first.json()).toMatchObject({ id, status: "queued", progress: 0, queuePosition: expect.any(Number) });
  });

  test("a job asking for WebP is served as WebP", async () => {
    const { id } = (await (await post({ image: png(coffee), converter: "gaussian-blur", params: JSON.stringify({ sigma: 40 }), format: "webp" })).json()) as { id: string };
    const done = await pollUntilDone((p) => request(p), id);
    expect(done.headers.get("content-type")).toBe("image/webp");
  });

  test("the same Idempotency-Key returns the same job", async () => {
    const a = (await (await post({ image: png(coffee), converter: "invert" }, { "Idempotency-Key": "abc" })).json()) as { id: string };
    const b = (await (await post({ image: png(coffee), converter: "invert" }, { "Idempotency-Key": "abc" })).json()) as { id: string };
    expect(b.id).toBe(a.id);
    const stranger = (await (await post({ image: png(coffee), converter: "invert" }, { "Idempotency-Key": "abc" }, undefined, "203.0.113.9")).json()) as { id: string };
    expect(stranger.id).not.toBe(a.id);
  });

  test("DELETE cancels; the job is then unknown", async () => {
    const { id } = (await (await post({ image: png(coffee), converter: "sepia" })).json()) as { id: string };
    expect((await request(`/api/jobs/${id}`, { method: "DELETE" })).status).toBe(204);
    await expectProblem(await request(`/api/jobs/${id}`), 404);
    await expectProblem(await request(`/api/jobs/${id}`, { method: "DELETE" }), 404);
  });

  test("bad requests get the right 4xx with problem details", async () => {
    await expectProblem(await post({ image: png(coffee), converter: "no-such-thing" }), 400, /no-such-thing/);
    await expectProblem(await post({ image: png(coffee), converter: "rotate", params: '{"angle": 9000}' }), 400, /angle/);
    await expectProblem(await post({ image: png(coffee), converter: "rotate", params: "not json" }), 400);
    await expectProblem(await post({ image: png(coffee), converter: "rotate", quality: "0" }), 400);
    await expectProblem(await post({ converter: "invert" }), 400);
    await expectProblem(await post({ image: new Blob(["just text"]), converter: "invert" }, {}, "photo.jpg"), 415);
    await expectProblem(await post({ image: png(coffee.subarray(0, 20)), converter: "invert" }), 422);
    await expectProblem(await request("/api/jobs/nope"), 404);
    // Bodies the form parser cannot read get problem details too.
    await expectProblem(await request("/api/conversions", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }), 415);
    await expectProblem(await request("/api/conversions", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "--x\r\nContent-Disp" }), 400);
    await expectProblem(await request("/api/no-such-route"), 404);
  });

  test("damage only a full decode finds ends the job with 422", async () => {
    const res = await post({ image: png(coffee.subarray(0, coffee.length / 2)), converter: "invert" });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await expectProblem(await pollUntilDone((p) => request(p), id), 422, /damaged or truncated/);
  });
});

describe("limits", () => {
  const strict = testRuntime({ MAX_UPLOAD_BYTES: "100000", MAX_PIXELS: "100000", MAX_QUEUE_DEPTH: "1" }, { worker: false });
  afterAll(() => strict.close());
  const postStrict = (blob: Blob) => strict.app.request("/api/conversions", { method: "POST", body: form({ image: blob, converter: "invert" }) });

  test("over the byte limit is 413, over the pixel limit 422, a full queue 503 with Retry-After", async () => {
    await expectProblem(await postStrict(png(coffee)), 413, /^Uploads are limited to 97\.7 KB\.$/);
    const big = new Uint8Array(coffee.subarray(0, 33));
    // The same PNG header claiming 20000×20000 pixels: refused from the header alone.
    new DataView(big.buffer).setUint32(16, 20000);
    new DataView(big.buffer).setUint32(20, 20000);
    await expectProblem(await postStrict(png(big)), 422, /limit/);
    expect((await postStrict(png(coffee.subarray(0, 90000)))).status).toBe(422);
    // No worker runs here: the first job stays queued, and the queue (depth 1) is then full.
    const tiny = png(await sharp({ create: { width: 40, height: 30, channels: 3, background: "#336699" } }).png().toBuffer());
    expect((await postStrict(tiny)).status).toBe(202);
    const full = await postStrict(tiny);
    await expectProblem(full, 503, /waiting/);
    expect(Number(full.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("a job estimated over MAX_JOB_SECONDS is 422 before it is queued, saying what to lower", async () => {
    // A 40 MP photo at DeepDream's most: hours of the only worker.
    const header = new Uint8Array(coffee.subarray(0, 33));
    new DataView(header.buffer).setUint32(16, 8000);
    new DataView(header.buffer).setUint32(20, 5000);
    const params = JSON.stringify({ maxSize: 4096, steps: 50, octaves: 6 });
    const res = await request("/api/conversions", { method: "POST", body: form({ image: png(header), converter: "deepdream", params }) });
    await expectProblem(res, 422, /about .* on the server; the limit is 5 min\. Lower Longest side to \d+ px or Steps per octave to \d+\./);
    // The defaults fit, and the answer carries the estimate.
    const ok = await request("/api/conversions", { method: "POST", body: form({ image: png(header), converter: "deepdream" }) });
    expect(ok.status).toBe(202);
    const body = (await ok.json()) as { id: string; estimatedSeconds: number };
    expect(body.estimatedSeconds).toBeGreaterThan(5);
    await request(`/api/jobs/${body.id}`, { method: "DELETE" });
  });
});

test("health, readiness and the OpenAPI document", async () => {
  expect(await (await request("/healthz")).json()).toEqual({ status: "ok" });
  expect((await request("/readyz")).status).toBe(200);
  const doc = (await (await request("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, object> };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths).sort()).toEqual(["/api/auth/login", "/api/auth/logout", "/api/auth/me", "/api/auth/password", "/api/auth/register", "/api/auth/session", "/api/auth/sessions", "/api/conversions", "/api/converters", "/api/gallery", "/api/gallery/{id}", "/api/gallery/{id}/{kind}", "/api/jobs/{id}", "/api/limits", "/api/status", "/healthz", "/metrics", "/readyz"]);
  expect(await (await request("/api/docs")).text()).toContain("POST /api/conversions");
});

test("a client over its rate limit gets 429 with Retry-After; other clients do not", async () => {
  const limited = testRuntime({ RATE_LIMIT_PER_MINUTE: "3" }, { worker: false });
  const from = (ip: string) =>
    limited.app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) }, fromAddress(ip));
  for (let i = 0; i < 3; i++) expect((await from("198.51.100.7")).status).toBe(202);
  const refused = await from("198.51.100.7");
  await expectProblem(refused, 429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await from("198.51.100.8")).status).toBe(202);
  await limited.close();
});
