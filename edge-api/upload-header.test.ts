// Frames and orientation read at submission agree with what the worker's decoder finds, so a job
// the worker would refuse (or size differently) is refused or sized right before it is queued.
import { beforeAll, describe, expect, test } from "vitest";
import { openHeader, uprightSize } from "../converters/engine/decode";
import { getVips } from "../converters/testing";
import type { VipsModule } from "../converters/types";
import { exifOrientation, frameCount } from "./upload-header";
import { checkUpload } from "./uploads";

let vips: VipsModule;
beforeAll(async () => {
  vips = await getVips();
});

/** `frames` frames of width×height, saved as one animation or multi-page file. */
function animation(ext: string, width: number, height: number, frames: number): Uint8Array {
  // Noise, so no two frames are alike: savers merge identical frames.
  const noise = vips.Image.gaussnoise(width, height * frames, { mean: 128, sigma: 40 }).cast("uchar");
  const strip = noise.bandjoin([noise, noise]).copy({ interpretation: "srgb" });
  strip.setInt("page-height", height);
  return strip.writeToBuffer(ext);
}

function oriented(ext: string, orientation: number): Uint8Array {
  const image = vips.Image.black(30, 10, { bands: 3 }).add([200, 100, 50]).cast("uchar").copy();
  image.setInt("orientation", orientation);
  return image.writeToBuffer(ext, { keep: "exif" });
}

describe.each([
  [".gif", "gif"],
  [".webp", "webp"],
  [".tif", "tiff"],
] as const)("%s", (ext, format) => {
  test("counts the frames the decoder counts", () => {
    for (const frames of [1, 7]) {
      const bytes = animation(ext, 16, 12, frames);
      const header = vips.Image.newFromBuffer(bytes, "", { access: "sequential" });
      const decoderPages = header.getTypeof("n-pages") ? header.getInt("n-pages") : 1;
      expect(decoderPages).toBe(frames);
      expect(frameCount(bytes, format)).toBe(frames);
    }
  });

  test("an animation over the pixel limit in all its frames is refused at submission, as the worker would", () => {
    const bytes = animation(ext, 100, 100, 40);
    expect(() => openHeader(vips, bytes, 100 * 100 * 39)).toThrow(/in each of 40 frames/);
    expect(checkUpload(bytes, { maxBytes: 5e6, maxPixels: 100 * 100 * 39 })).toMatchObject({ ok: false, status: 422, detail: expect.stringMatching(/in each of 40 frames/) });
    expect(checkUpload(bytes, { maxBytes: 5e6, maxPixels: 100 * 100 * 40 })).toMatchObject({ ok: true });
  });
});

describe.each([
  [".png", "png"],
  [".webp", "webp"],
  [".tif", "tiff"],
] as const)("%s orientation", (ext, format) => {
  test("EXIF orientation 6 swaps the sides, as the decoder's upright size does", () => {
    const bytes = oriented(ext, 6);
    expect(exifOrientation(bytes, format)).toBe(6);
    expect(uprightSize(vips.Image.newFromBuffer(bytes))).toEqual({ width: 10, height: 30 });
    expect(checkUpload(bytes, { maxBytes: 5e6, maxPixels: 1e6 })).toMatchObject({ ok: true, width: 10, height: 30 });
    expect(exifOrientation(oriented(ext, 1), format)).toBe(1);
  });
});

test("damaged structures count as one frame and orientation 1, for the decoder to refuse", () => {
  const gif = animation(".gif", 16, 12, 3);
  expect(frameCount(gif.subarray(0, 40), "gif")).toBe(1);
  const webp = animation(".webp", 16, 12, 3);
  expect(frameCount(webp.subarray(0, 20), "webp")).toBe(1);
  expect(exifOrientation(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 4, 0x65, 0x58, 0x49, 0x66, 1, 2]), "png")).toBe(1);
});
