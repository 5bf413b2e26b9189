import { expect, test } from "vitest";
import { build, convert, gaussianReference, interior, maxDiff, noise } from "../testing";

test("sharpen is an unsharp mask: in + amount·(in − gauss(in)), clipped", async () => {
  const input = noise(24, 20, 3);
  const out = await convert("sharpen", input, { sigma: 1.5, amount: 0.8 });
  const blurred = gaussianReference(input, 1.5);
  const expected = input.data.map((v, i) => Math.min(255, Math.max(0, v + 0.8 * (v - blurred[i]!))));
  expect(maxDiff(interior(out.data, out, 5), interior(expected, input, 5))).toBeLessThanOrEqual(2);
});

test("sharpen overshoots on both sides of an edge", async () => {
  const edge = build(12, 4, 1, (x) => (x < 6 ? 80 : 160));
  const out = await convert("sharpen", edge, { sigma: 1, amount: 1 });
  expect(out.data[5]!).toBeLessThan(80);
  expect(out.data[6]!).toBeGreaterThan(160);
  expect(out.data[0]).toBe(80);
});
