import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DecodedPhoto, scaleParams } from "./photo-session";
import { findMeta } from "../registry";
import { getVips } from "../testing";
import type { VipsModule } from "../types";

const fixtures = join(import.meta.dirname, "..", "..", "test", "fixtures");
const coffee = new Uint8Array(readFileSync(join(fixtures, "coffee.png")));

/** Mean absolute difference of two RGBA buffers of the same size. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((a.length * 3) / 4);
}

/** The encoded full result shrunk to `width`×`height`, as RGBA: what the preview should look like. */
function shrunk(vips: VipsModule, encoded: Uint8Array, width: number, height: number): Uint8Array {
  let image = vips.Image.thumbnailBuffer(encoded, width, { height, size: "force" });
  if (image.bands < 3) image = image.colourspace("srgb");
  return (image.hasAlpha() ? image : image.bandjoin(255)).writeToMemory() as Uint8Array;
}

describe("DecodedPhoto", () => {
  test("a preview is the full result, smaller, with pixel-unit params scaled (blur, pixelate, resize)", async () => {
    const vips = await getVips();
    const photo = DecodedPhoto.open(vips, coffee, 40e6);
    expect(photo.opened).toMatchObject({ width: 600, height: 400, format: "png" });
    for (const steps of [
      [{ converter: "gaussian-blur", params: { sigma: 6 } }],
      [{ converter: "pixelate", params: { size: 32 } }],
      [{ converter: "resize", params: { width: 500 } }, { converter: "grayscale" }],
    ]) {
      const preview = photo.preview(steps, 256);
      const full = photo.render({ steps, format: "png" });
      expect(preview.full).toEqual({ width: full.width, height: full.height });
      expect(preview.width / preview.height).toBeCloseTo(full.width / full.height, 1);
      expect(preview.data.length).toBe(preview.width * preview.height * 4);
      const expected = shrunk(vips, full.data, preview.width, preview.height);
      const good = meanDiff(preview.data, expected);
      // Pixelate's block is a whole number of pixels: at 0.43× a 32 px block is 14, not 13.7, so
      // block edges drift by up to half a block across the photo.
      expect(good).toBeLessThan(steps[0]!.converter === "pixelate" ? 15 : 4);
      if (steps[0]!.converter === "gaussian-blur") {
        // What an unscaled sigma would show: 6 px of blur on the small copy, over twice too much.
        const wrong = photo.preview([{ converter: "gaussian-blur", params: { sigma: (6 * 600) / preview.width } }], 256);
        expect(meanDiff(wrong.data, expected)).toBeGreaterThan(good * 1.5);
      }
    }
    photo.dispose();
  });

  test("a photo over the pixel limit opens shrunk to the limit, and says from what", async () => {
    const vips = await getVips();
    const photo = DecodedPhoto.open(vips, coffee, 60_000);
    expect(photo.opened.shrunkFrom).toEqual({ width: 600, height: 400 });
    expect(photo.opened.width * photo.opened.height).toBeLessThanOrEqual(60_000);
    expect(photo.opened.width / photo.opened.height).toBeCloseTo(1.5, 1);
    // Far over the limit is refused, as before.
    expect(() => DecodedPhoto.open(vips, coffee, 20_000)).toThrow(/limit is/);
    photo.dispose();
  });

  test("bad bytes are refused with the pipeline's words", async () => {
    const vips = await getVips();
    expect(() => DecodedPhoto.open(vips, new TextEncoder().encode("not an image at all"), 40e6)).toThrow(/not a JPEG, PNG/);
    expect(() => DecodedPhoto.open(vips, coffee.subarray(0, 2000), 40e6)).toThrow(/damaged or truncated/);
  });

  test("render encodes the chosen format, and refuses an output over the limit", async () => {
    const vips = await getVips();
    const photo = DecodedPhoto.open(vips, coffee, 40e6);
    const jpeg = photo.render({ steps: [{ converter: "rotate", params: { angle: 90 } }], format: "jpeg", quality: 70 });
    expect([jpeg.width, jpeg.height, jpeg.mime]).toEqual([400, 600, "image/jpeg"]);
    expect(() => photo.render({ steps: [{ converter: "resize", params: { percent: 800 } }] }, 1e6)).toThrow(/megapixels/);
    photo.dispose();
  });
});

test("scaleParams scales only pixel-unit params, keeps integers whole and 0 as auto", () => {
  const resize = findMeta("resize")!;
  expect(scaleParams(resize, { percent: 50, width: 1000, height: 0 }, 0.25)).toEqual({ percent: 50, width: 250, height: 0 });
  expect(scaleParams(findMeta("pixelate")!, { size: 3 }, 0.1)).toEqual({ size: 1 });
  expect(scaleParams(findMeta("gaussian-blur")!, { sigma: 3 }, 0.5)).toEqual({ sigma: 1.5 });
  expect(scaleParams(findMeta("sepia")!, { amount: 1 }, 0.5)).toEqual({ amount: 1 });
});

test("a model that cannot be downloaded is not called a damaged image", async () => {
  const { asConversionError } = await import("./errors");
  expect(asConversionError(new Error("The on-device model could not be downloaded (HTTP 503)")).message).not.toMatch(/damaged/);
  expect(asConversionError(new Error("VipsJpeg: Premature end of input file")).message).toMatch(/damaged/);
});
