// The photo the browser sends a server job, made by the same pipeline as any export: checked by
// reading it back with sharp (libvips native) and exif-reader.
import { join } from "node:path";
import exif from "exif-reader";
import sharp from "sharp";
import { beforeAll, expect, test } from "vitest";
import { getVips } from "../testing";
import { cameraJpeg, SERIAL } from "../testing/exif";
import type { VipsModule } from "../types";
import { prepareUpload } from "./upload-fit";

const coffee = join(import.meta.dirname, "..", "..", "test", "fixtures", "coffee.png");
const limits = { maxUploadBytes: 5 * 1024 * 1024, maxPixels: 40_000_000 };
let vips: VipsModule;
beforeAll(async () => {
  vips = await getVips();
});

test("a turned phone photo for a 512 px dream: sent upright at 341×512, its colour profile and camera kept, its location not", async () => {
  const large = await sharp(coffee).resize(3000, 2000).png().toBuffer();
  // Orientation 6: 3000×2000 pixels shown 2000×3000.
  const photo = await cameraJpeg(large, 6);
  const profile = (await sharp(photo).metadata()).icc!;
  const prepared = prepareUpload(vips, photo, [{ converter: "deepdream", params: { maxSize: 512 } }], limits, "safe");
  expect(prepared).toMatchObject({ from: { width: 2000, height: 3000 }, size: { width: 341, height: 512 }, reason: "chain" });
  const sent = await sharp(prepared.result!.data).metadata();
  expect([sent.format, sent.width, sent.height, sent.orientation ?? 1]).toEqual(["jpeg", 341, 512, 1]);
  expect(Buffer.compare(sent.icc!, profile)).toBe(0);
  const tags = exif(sent.exif!);
  expect(tags.Image?.Model).toBeTruthy();
  expect(tags.GPSInfo).toBeUndefined();
  expect(JSON.stringify(tags)).not.toContain(SERIAL);
});

test("what the steps before the shrink measure in pixels shrinks with the photo", async () => {
  const photo = await sharp(coffee).resize(3000, 2000).jpeg().toBuffer();
  const prepared = prepareUpload(vips, photo, [{ converter: "gaussian-blur", params: { sigma: 12 } }, { converter: "deepdream", params: { maxSize: 600 } }], limits, "safe");
  expect(prepared.size).toEqual({ width: 600, height: 400 });
  expect(prepared.steps[0]!.params!.sigma).toBeCloseTo(12 * (600 / 3000), 5);
  expect(prepared.steps[1]!.params!.maxSize).toBe(600);
});

test("over the upload limit and needed whole: the same pixels, encoded under the limit; alpha kept", async () => {
  const rgb = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).png().toBuffer();
  const noise = await sharp(rgb).ensureAlpha(0.8).png().toBuffer();
  const small = { ...limits, maxUploadBytes: 500_000 };
  expect(noise.length).toBeGreaterThan(small.maxUploadBytes);
  const prepared = prepareUpload(vips, noise, [{ converter: "sharpen", params: {} }], small, "safe");
  expect(prepared.size).toEqual({ width: 800, height: 600 });
  expect(prepared.result!.data.byteLength).toBeLessThanOrEqual(small.maxUploadBytes);
  const sent = await sharp(prepared.result!.data).metadata();
  expect([sent.format, sent.hasAlpha]).toEqual(["webp", true]);
});

test("a photo that fits, for a chain that needs all of it, goes as it is", async () => {
  const photo = await sharp(coffee).jpeg().toBuffer();
  const prepared = prepareUpload(vips, photo, [{ converter: "upscale", params: { scale: 2 } }], limits, "safe");
  expect(prepared.result).toBeUndefined();
  expect(prepared.size).toEqual({ width: 600, height: 400 });
});
