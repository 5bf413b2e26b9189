import { expect, test } from "vitest";
import { at, convert, noise } from "../testing";

test("pixelate fills each block with its average", async () => {
  const input = noise(4, 4, 3);
  const out = await convert("pixelate", input, { size: 2 });
  for (const [bx, by] of [[0, 0], [2, 0], [0, 2], [2, 2]] as const) {
    const block = [at(input, bx, by), at(input, bx + 1, by), at(input, bx, by + 1), at(input, bx + 1, by + 1)];
    const mean = [0, 1, 2].map((b) => block.reduce((s, p) => s + p[b]!, 0) / 4);
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      at(out, bx + dx, by + dy).forEach((v, b) => expect(Math.abs(v - mean[b]!)).toBeLessThanOrEqual(1));
    }
  }
});

test("pixelate keeps the size when blocks do not divide it", async () => {
  const out = await convert("pixelate", noise(7, 5, 3), { size: 3 });
  expect([out.width, out.height]).toEqual([7, 5]);
});
