import { expect, test } from "vitest";
import { convert, mapPixels, maxDiff, noise } from "../testing";

test("full sepia matches the Filter Effects sepia matrix", async () => {
  const input = noise(4, 3, 3);
  const out = await convert("sepia", input, { amount: 1 });
  const expected = mapPixels(input, 3, ([r, g, b]) =>
    [
      0.393 * r! + 0.769 * g! + 0.189 * b!,
      0.349 * r! + 0.686 * g! + 0.168 * b!,
      0.272 * r! + 0.534 * g! + 0.131 * b!,
    ].map((v) => Math.min(255, v)),
  );
  expect(maxDiff(out.data, expected.data)).toBeLessThanOrEqual(1);
});

test("sepia 0 is the identity; a grey image gains colour", async () => {
  const input = noise(4, 3, 3);
  expect(maxDiff((await convert("sepia", input, { amount: 0 })).data, input.data)).toBeLessThanOrEqual(1);
  const out = await convert("sepia", { width: 1, height: 1, bands: 1, data: [100] });
  expect(out.bands).toBe(3);
  expect(out.data[0]!).toBeGreaterThan(out.data[2]!);
});
