import { expect, test } from "vitest";
import { convert, maxDiff, noise } from "../testing";

test("hue 0 is the identity and grey stays grey at any angle", async () => {
  const input = noise(4, 4, 3);
  expect(maxDiff((await convert("hue", input, { degrees: 0 })).data, input.data)).toBeLessThanOrEqual(1);
  const grey = { width: 1, height: 1, bands: 3, data: [90, 90, 90] };
  expect(maxDiff((await convert("hue", grey, { degrees: 137 })).data, grey.data)).toBeLessThanOrEqual(1);
});

test("hue 180 on pure red matches the Filter Effects matrix", async () => {
  const out = await convert("hue", { width: 1, height: 1, bands: 3, data: [255, 0, 0] }, { degrees: 180 });
  // cos = −1, sin = 0: first column is (0.213 − 0.787, 0.213 + 0.213, 0.213 + 0.213)·255, clipped.
  expect(maxDiff(out.data, [0, 0.426 * 255, 0.426 * 255])).toBeLessThanOrEqual(1);
});
