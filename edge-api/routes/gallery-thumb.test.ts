// Saving from the device: the page sends the grid's picture it made itself, so the server decodes
// nothing; without one the server makes it on a thread of its own, after planning its memory.
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { coffee, form, png, testRuntime } from "../testing";

const runtime = testRuntime({ DATA_DIR: `./data/test/gallery-thumb-${process.pid}`, JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256", MAX_JOB_BYTES: String(64 * 1024 * 1024) });
afterAll(() => runtime.close());
const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
let token = "";
const as = (init: RequestInit = {}) => ({ ...init, headers: { Authorization: `Bearer ${token}` } });
beforeAll(async () => {
  const credentials = JSON.stringify({ email: `thumbs-${Date.now()}@example.org`, password: "correct horse battery" });
  const post = (path: string) => request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
  expect((await post("/api/auth/register")).status).toBe(201);
  token = ((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token;
}, 60_000);

const save = (fields: Record<string, string | Blob>) => request("/api/gallery", as({ method: "POST", body: form({ original: png(coffee), result: png(coffee), converter: "invert", ...fields }) }));
const webp = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#c80" } }).webp().toBuffer();

test("a thumb sent with the save is kept as it came", async () => {
  const thumb = await webp(320, 213);
  const res = await save({ thumb: new Blob([new Uint8Array(thumb)], { type: "image/webp" }) });
  expect(res.status).toBe(201);
  const item = (await res.json()) as { thumb: string };
  const stored = Buffer.from(await (await request(item.thumb, as())).arrayBuffer());
  expect(stored.equals(thumb)).toBe(true);
});

test("a thumb that is not a small WebP is refused with what it must be", async () => {
  for (const bad of [await webp(640, 400), await sharp(coffee).png().toBuffer(), Buffer.from("not an image at all, really")]) {
    const res = await save({ thumb: new Blob([new Uint8Array(bad)]) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/WebP of at most 320×320 px/);
  }
});

test("without a thumb, a result whose decode would pass MAX_JOB_BYTES is refused before any decode", async () => {
  // 4200×4200 RGBA PNG: 70 MB decoded, over half this runtime's 64 MiB; a few hundred KB on the wire.
  const big = await sharp({ create: { width: 4200, height: 4200, channels: 4, background: "#0a0a0a80" } }).png().toBuffer();
  const res = await save({ result: png(big) });
  expect(res.status).toBe(422);
  expect(((await res.json()) as { detail: string }).detail).toMatch(/^result: decoding it would take about \d+ MB; the limit is 34 MB/);
  expect((await save({})).status).toBe(201); // a small one is still made here
});
