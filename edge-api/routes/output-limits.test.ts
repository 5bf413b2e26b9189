import { randomBytes } from "node:crypto";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, expect, test } from "vitest";
import { form, png, pollUntilDone, testRuntime } from "../testing";

const runtime = testRuntime({ MAX_RESULT_BYTES: String(1024 * 1024), MAX_JOBS_PER_CLIENT: "50" });
afterAll(() => runtime.close());
const post = (image: Uint8Array, converter: string, params: object, format?: string) =>
  runtime.app.request("/api/conversions", { method: "POST", body: form({ image: png(image), converter, params: JSON.stringify(params), ...(format && { format }) }) });

async function expect422(res: Response, detail: RegExp) {
  expect(res.status).toBe(422);
  const body = (await res.json()) as { detail: string };
  expect(body.detail).toMatch(detail);
}

/** A PNG whose header says width×height: enough for the header check, nothing to decode. */
function pngHeader(width: number, height: number) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  return new Uint8Array(Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.alloc(64))), chunk("IEND", Buffer.alloc(0))]));
}

const noise = async (width: number, height: number) => {
  const raw = randomBytes(width * height * 3);
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer());
};

test("results over MAX_OUTPUT_PIXELS, overflowing, thinner than a pixel or too wide for the format are 422 at submission", async () => {
  const small = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#808080" } }).png().toBuffer());
  expect(small.byteLength).toBeLessThan(300);
  await expect422(await post(small, "resize", { width: 16384 }), /16384×12288 \(201 megapixels\); the limit is 40 megapixels/);
  await expect422(await post(pngHeader(1, 10_000_000), "resize", { width: 16384 }), /16384×163840000000 .*; the limit is 40 megapixels/);
  await expect422(await post(pngHeader(4000, 1), "resize", { width: 100 }), /thinner than one pixel/);
  const bigNoise = await noise(1000, 800);
  expect(bigNoise.byteLength).toBeGreaterThan(2_000_000);
  await expect422(await post(bigNoise, "resize", { percent: 800 }), /8000×6400 \(51 megapixels\)/);
  await expect422(await post(pngHeader(4000, 10), "resize", { percent: 500 }, "webp"), /20000×50; WEBP holds at most 16383 px a side/);
  // Within the limits, the same photo is accepted.
  expect((await post(small, "resize", { width: 6000 })).status).toBe(202);
  expect(process.memoryUsage.rss()).toBeLessThan(1024 ** 3);
});

test("an encoded result over MAX_RESULT_BYTES fails with 422 instead of being kept", async () => {
  const res = await post(await noise(1000, 800), "invert", {});
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const done = await pollUntilDone((p) => runtime.app.request(p), id);
  await expect422(done, /the limit is 1\.0 MiB/);
});
