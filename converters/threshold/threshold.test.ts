import { expect, test } from "vitest";
import { convert } from "../testing";

test("threshold splits grey at the level, inclusive", async () => {
  const out = await convert("threshold", { width: 4, height: 1, bands: 1, data: [0, 99, 100, 250] }, { level: 100 });
  expect(out.data).toEqual([0, 0, 255, 255]);
});

test("threshold on colour uses luminance: pure blue is dark, pure green is light", async () => {
  const out = await convert("threshold", { width: 2, height: 1, bands: 3, data: [0, 0, 255, 0, 255, 0] }, { level: 128 });
  expect(out.bands).toBe(1);
  expect(out.data).toEqual([0, 255]);
});
