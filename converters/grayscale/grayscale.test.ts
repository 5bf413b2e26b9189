import { expect, test } from "vitest";
import { at, convert, mapPixels, maxDiff, noise } from "../testing";

const toLinear = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
const toSrgb = (l: number) => 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055);

test("grayscale is Rec. 709 luminance in linear light, one band", async () => {
  const input = noise(6, 4, 3);
  const out = await convert("grayscale", input);
  expect(out.bands).toBe(1);
  const expected = mapPixels(input, 1, ([r, g, b]) => [
    toSrgb(0.2126 * toLinear(r!) + 0.7152 * toLinear(g!) + 0.0722 * toLinear(b!)),
  ]);
  expect(maxDiff(out.data, expected.data)).toBeLessThanOrEqual(2);
});

test("grayscale keeps white white and black black, and alpha as it was", async () => {
  const out = await convert("grayscale", { width: 2, height: 1, bands: 4, data: [255, 255, 255, 40, 0, 0, 0, 200] });
  expect(at(out, 0, 0)).toEqual([255, 40]);
  expect(at(out, 1, 0)).toEqual([0, 200]);
});
