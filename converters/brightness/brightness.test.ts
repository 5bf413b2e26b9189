import { expect, test } from "vitest";
import { convert, mapPixels, maxDiff, noise } from "../testing";

test("brightness multiplies colour, clips at white, leaves alpha alone", async () => {
  const input = noise(5, 4, 4);
  const out = await convert("brightness", input, { amount: 1.5 });
  const expected = mapPixels(input, 4, ([r, g, b, a]) => [...[r!, g!, b!].map((v) => Math.min(255, v * 1.5)), a!]);
  expect(maxDiff(out.data, expected.data)).toBeLessThanOrEqual(1);
});
