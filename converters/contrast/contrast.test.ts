import { expect, test } from "vitest";
import { convert, mapPixels, maxDiff, noise } from "../testing";

test("contrast scales distance from mid-grey and clips", async () => {
  const input = noise(5, 4, 3);
  for (const amount of [0, 0.5, 2]) {
    const out = await convert("contrast", input, { amount });
    const expected = mapPixels(input, 3, (p) => p.map((v) => Math.min(255, Math.max(0, (v - 127.5) * amount + 127.5))));
    expect(maxDiff(out.data, expected.data)).toBeLessThanOrEqual(1);
  }
});
