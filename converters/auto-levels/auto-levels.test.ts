import { expect, test } from "vitest";
import { build, convert, maxDiff } from "../testing";

test("auto levels stretches each channel's range to 0–255", async () => {
  // Red spans 50–150, green 100–200, blue is flat.
  const input = build(11, 1, 3, (x, _y, b) => (b === 0 ? 50 + 10 * x : b === 1 ? 100 + 10 * x : 90));
  const out = await convert("auto-levels", input, { clip: 0 });
  const red = out.data.filter((_, i) => i % 3 === 0);
  const green = out.data.filter((_, i) => i % 3 === 1);
  expect(maxDiff(red, [0, 25.5, 51, 76.5, 102, 127.5, 153, 178.5, 204, 229.5, 255])).toBeLessThanOrEqual(1);
  expect(maxDiff(green, red)).toBeLessThanOrEqual(1);
  expect(new Set(out.data.filter((_, i) => i % 3 === 2))).toEqual(new Set([90]));
});
