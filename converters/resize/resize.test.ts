import { expect, test } from "vitest";
import { build, convert, interior, maxDiff } from "../testing";
import { targetSize } from "./run";

const defaults = { percent: 50, width: 0, height: 0 };

test("target size: percent, one side keeps aspect, both fit inside the box", () => {
  expect(targetSize(600, 400, defaults)).toEqual({ width: 300, height: 200 });
  expect(targetSize(600, 400, { ...defaults, width: 150 })).toEqual({ width: 150, height: 100 });
  expect(targetSize(600, 400, { ...defaults, height: 100 })).toEqual({ width: 150, height: 100 });
  expect(targetSize(600, 400, { ...defaults, width: 300, height: 300 })).toEqual({ width: 300, height: 200 });
});

test("halving a linear ramp gives the ramp sampled at the pair centres", async () => {
  // Lanczos reproduces linear functions exactly away from the edges.
  const ramp = build(40, 8, 1, (x) => 40 + 4 * x);
  const out = await convert("resize", ramp, { percent: 50 });
  expect([out.width, out.height]).toEqual([20, 4]);
  const expected = build(20, 4, 1, (x) => 40 + 4 * (2 * x + 0.5));
  expect(maxDiff(interior(out.data, out, 3), interior(expected.data, expected, 3))).toBeLessThanOrEqual(1);
});

test("upscaling a flat image stays flat", async () => {
  const flat = build(5, 5, 3, () => 123);
  const out = await convert("resize", flat, { percent: 300 });
  expect([out.width, out.height]).toEqual([15, 15]);
  expect(new Set(out.data)).toEqual(new Set([123]));
});
