import { expect, test } from "vitest";
import { at, convert, noise } from "../testing";

test("crop keeps the given rectangle, in percent", async () => {
  const input = noise(10, 10, 3);
  const out = await convert("crop", input, { left: 20, top: 30, width: 50, height: 40 });
  expect([out.width, out.height]).toEqual([5, 4]);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 5; x++) expect(at(out, x, y)).toEqual(at(input, x + 2, y + 3));
});

test("crop past the edge is clamped to the image and never empty", async () => {
  const out = await convert("crop", noise(10, 10, 3), { left: 100, top: 95, width: 50, height: 0 });
  expect([out.width, out.height]).toEqual([1, 1]);
});
