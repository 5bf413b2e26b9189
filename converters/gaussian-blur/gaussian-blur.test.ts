import { expect, test } from "vitest";
import { convert, gaussianReference, interior, maxDiff, noise } from "../testing";

test("gaussian blur matches an independent separable Gaussian away from the edges", async () => {
  const input = noise(24, 20, 3);
  for (const sigma of [1, 2.5]) {
    const out = await convert("gaussian-blur", input, { sigma });
    const margin = Math.ceil(3 * sigma);
    expect(maxDiff(interior(out.data, out, margin), interior(gaussianReference(input, sigma), input, margin))).toBeLessThanOrEqual(2);
  }
});

test("gaussian blur keeps a flat image flat and lowers the spread of noise", async () => {
  const flat = { width: 8, height: 8, bands: 3, data: new Array(192).fill(77) };
  expect((await convert("gaussian-blur", flat, { sigma: 3 })).data).toEqual(flat.data);
  const input = noise(16, 16, 1);
  const spread = (d: number[]) => Math.max(...d) - Math.min(...d);
  expect(spread((await convert("gaussian-blur", input, { sigma: 2 })).data)).toBeLessThan(spread(input.data) / 2);
});
