// A corpus of hostile and malformed uploads. Each must get a 4xx with problem details, either
// at once or (for damage only a full decode finds) as the job's own 422; nothing may crash the
// process or send its memory past 1 GB.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getVips } from "../converters/testing";
import { fixtures, form, pollUntilDone, testRuntime } from "./testing";

// Results have their own limit (MAX_OUTPUT_PIXELS, for upscales); here both are 4 MP, so a
// hostile file is refused the same way as an upload and as a saved result.
const runtime = testRuntime({ MAX_PIXELS: "4000000", MAX_OUTPUT_PIXELS: "4000000", WORKER_CONCURRENCY: "2" });
afterAll(() => runtime.close());

const coffeePng = readFileSync(join(fixtures, "coffee.png"));
const ascii = (s: string) => Buffer.from(s, "latin1");
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
/** coffee.png with its IHDR claiming other dimensions (CRC left stale, as an attacker would). */
const pngClaiming = (w: number, h: number) => Buffer.concat([coffeePng.subarray(0, 16), u32be(w), u32be(h), coffeePng.subarray(24)]);

interface Case {
  name: string;
  bytes: Buffer;
  fileName?: string;
  mime?: string;
  /** Expected status: immediate, or the job's when the upload is accepted first. */
  status: number | number[];
}

const corpus: Case[] = [];
beforeAll(async () => {
  const jpeg = await sharp(coffeePng).jpeg().toBuffer();
  const tallGif = await sharp({ create: { width: 100, height: 100 * 500, channels: 3, background: "#c33" } }).gif().toBuffer();
  // 1000 frames of 64×64: small per frame, 4 MP in all.
  const vips = await getVips();
  // Each frame differs, or the GIF encoder would merge them into one.
  const frames = Uint8Array.from({ length: 64 * 64 * 1000 }, (_, i) => (Math.floor(i / 4096) * 37 + (i % 64)) % 256);
  const strip = vips.Image.newFromMemory(frames, 64, 64 * 1000, 1, vips.BandFormat.uchar).copy();
  strip.setInt("page-height", 64);
  const animated = Buffer.from(strip.writeToBuffer(".gif"));
  const webp = await sharp(coffeePng).webp().toBuffer();
  const tiff = await sharp(coffeePng).tiff().toBuffer();
  const jpegSof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  const hugeJpeg = Buffer.from(jpeg);
  hugeJpeg.writeUInt16BE(65000, jpegSof + 5);
  hugeJpeg.writeUInt16BE(65000, jpegSof + 7);
  const hugeWebp = Buffer.from(webp);
  corpus.push(
    { name: "empty file", bytes: Buffer.alloc(0), status: 415 },
    { name: "one byte", bytes: Buffer.from([0xff]), status: 415 },
    { name: "text named photo.jpg (lying extension)", bytes: ascii("hello, I am text\n".repeat(50)), fileName: "photo.jpg", mime: "image/jpeg", status: 415 },
    { name: "HTML named image.png", bytes: ascii("<!doctype html><script>alert(1)</script>"), fileName: "image.png", mime: "image/png", status: 415 },
    { name: "SVG with script", bytes: ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), fileName: "x.svg", mime: "image/svg+xml", status: 415 },
    { name: "PDF", bytes: ascii("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"), status: 415 },
    { name: "ZIP", bytes: Buffer.concat([ascii("PK\x03\x04"), Buffer.alloc(60)]), status: 415 },
    { name: "ELF executable", bytes: Buffer.concat([ascii("\x7fELF"), Buffer.alloc(60)]), status: 415 },
    { name: "BMP", bytes: Buffer.concat([ascii("BM"), Buffer.alloc(60)]), status: 415 },
    { name: "HEIC brand", bytes: Buffer.concat([u32be(24), ascii("ftypheic"), Buffer.alloc(12)]), status: 415 },
    { name: "PNG signature only", bytes: coffeePng.subarray(0, 8), status: 415 },
    { name: "PNG cut inside IHDR", bytes: coffeePng.subarray(0, 20), status: 422 },
    { name: "PNG bomb: IHDR claims 100000×100000", bytes: pngClaiming(100000, 100000), status: 422 },
    { name: "PNG claiming 0×0", bytes: pngClaiming(0, 0), status: 422 },
    { name: "PNG claiming 2^31×2^31", bytes: pngClaiming(0x7fffffff, 0x7fffffff), status: 422 },
    { name: "PNG truncated mid-data", bytes: coffeePng.subarray(0, coffeePng.length / 2), status: 422 },
    { name: "PNG with a lying chunk length", bytes: Buffer.concat([coffeePng.subarray(0, 33), u32be(0x7ffffff0), ascii("tEXt"), coffeePng.subarray(41)]), status: 422 },
    { name: "JPEG SOF claims 65000×65000", bytes: hugeJpeg, status: 422 },
    { name: "JPEG cut after 100 bytes", bytes: jpeg.subarray(0, 100), status: 422 },
    { name: "JPEG truncated mid-scan", bytes: jpeg.subarray(0, jpeg.length / 2), status: 422 },
    { name: "WebP truncated", bytes: hugeWebp.subarray(0, 40), status: 422 },
    { name: "TIFF truncated", bytes: tiff.subarray(0, 200), status: 422 },
    { name: "AVIF brand with no boxes", bytes: Buffer.concat([u32be(24), ascii("ftypavif"), Buffer.alloc(12)]), status: 422 },
    { name: "GIF/JS polyglot", bytes: ascii("GIF89a/*\x00\x00*/=1;alert(document.domain)//" + "\x00".repeat(40)), status: 422 },
    { name: "animated GIF, 1000 frames (4.1 MP in all)", bytes: animated, status: 422 },
    { name: "one tall GIF over the pixel limit", bytes: tallGif, status: 422 },
    { name: "over 5 MiB", bytes: Buffer.concat([coffeePng, Buffer.alloc(5 * 1024 * 1024)]), status: 413 },
  );
});

async function outcome(c: Case): Promise<{ status: number; contentType: string | null; body: Record<string, unknown> }> {
  const body = form({ image: new Blob([new Uint8Array(c.bytes)], { type: c.mime ?? "application/octet-stream" }), converter: "invert" }, c.fileName ?? "upload.bin");
  let res = await runtime.app.request("/api/conversions", { method: "POST", body });
  if (res.status === 202) res = await pollUntilDone((p) => runtime.app.request(p), ((await res.json()) as { id: string }).id);
  return { status: res.status, contentType: res.headers.get("content-type"), body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

test("at least 25 hostile uploads, each refused with the right 4xx and problem details", async () => {
  expect(corpus.length).toBeGreaterThanOrEqual(25);
  const failures: string[] = [];
  for (const c of corpus) {
    const got = await outcome(c);
    const ok = got.status === c.status && got.contentType?.includes("application/problem+json") && typeof got.body.detail === "string";
    if (!ok) failures.push(`${c.name}: got ${got.status} ${got.contentType} ${JSON.stringify(got.body)}`);
  }
  expect(failures).toEqual([]);
  expect((await runtime.app.request("/healthz")).status).toBe(200);
}, 120_000);

test("20 hostile uploads in parallel: the process stays healthy and under 1 GB", async () => {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const batch = Array.from({ length: 20 }, (_, i) => corpus[(i * 7) % corpus.length]!);
  const results = await Promise.all(batch.map(outcome));
  clearInterval(sampler);
  expect(results.every((r) => r.status >= 400 && r.status < 500)).toBe(true);
  expect((await runtime.app.request("/healthz")).status).toBe(200);
  console.log(`peak RSS during 20 parallel hostile uploads: ${(peak / 1e6).toFixed(0)} MB`);
  expect(peak).toBeLessThan(1e9);
}, 120_000);

test("the same hostile files, saved to the gallery as a result: the same 4xx, and nothing is kept", async () => {
  const credentials = JSON.stringify({ email: `hostile-${Date.now()}@example.org`, password: "correct horse battery" });
  const post = (path: string) => runtime.app.request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
  await post("/api/auth/register");
  const auth = { Authorization: `Bearer ${((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token}` };
  const failures: string[] = [];
  for (const c of corpus) {
    const result = new Blob([new Uint8Array(c.bytes)], { type: c.mime ?? "application/octet-stream" });
    const body = form({ original: new Blob([new Uint8Array(coffeePng)], { type: "image/png" }), result, converter: "invert" });
    const res = await runtime.app.request("/api/gallery", { method: "POST", headers: auth, body });
    const expected = Array.isArray(c.status) ? c.status : [c.status];
    if (!expected.includes(res.status) || !res.headers.get("content-type")?.includes("problem+json")) failures.push(`${c.name}: got ${res.status} ${await res.text()}`);
  }
  expect(failures).toEqual([]);
  const page = (await (await runtime.app.request("/api/gallery", { headers: auth })).json()) as { items: unknown[] };
  expect(page.items).toEqual([]);
}, 120_000);
