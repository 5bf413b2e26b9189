import { expect, test } from "vitest";
import { convert, mapPixels, maxDiff, noise } from "../testing";

test("saturation 0 gives the Filter Effects luma in every channel", async () => {
  const input = noise(4, 4, 3);
  const out = await convert("saturation", input, { amount: 0 });
  const expected = mapPixels(input, 3, ([r, g, b]) => {
    const y = 0.213 * r! + 0.715 * g! + 0.072 * b!;
    return [y, y, y];
  });
  expect(maxDiff(out.data, expected.data)).toBeLessThanOrEqual(1);
});

test("saturation 1 is the identity and 2 pushes colour away from grey", async () => {
  const input = noise(4, 4, 3);
  expect(maxDiff((await convert("saturation", input, { amount: 1 })).data, input.data)).toBeLessThanOrEqual(1);
  const out = await convert("saturation", { width: 1, height: 1, bands: 3, data: [150, 100, 100] }, { amount: 2 });
  // luma = 0.213·150 + 0.787·100 = 110.65; each channel moves twice its distance from it.
  expect(maxDiff(out.data, [189.35, 89.35, 89.35])).toBeLessThanOrEqual(1);
});
