import { expect, test } from "vitest";
import { histogram } from "./Histogram";
import { formatBytes, sizeChange } from "./OutputActions";

test("sizes read as people expect them", () => {
  expect(formatBytes(999)).toBe("999 B");
  expect(formatBytes(312_400)).toBe("312 KB");
  expect(formatBytes(1_234_567)).toBe("1.2 MB");
  expect(sizeChange(1_200_000, 312_000)).toBe("1.2 MB → 312 KB (−74 %)");
  expect(sizeChange(100_000, 150_000)).toBe("100 KB → 150 KB (+50 %)");
});

test("the histogram counts each channel and luma, skipping transparent pixels", () => {
  const data = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255, 9, 9, 9, 0]);
  const [r, g, b, luma] = histogram({ data, width: 3, height: 1 });
  expect([r[255], r[0], g[0], b[255], b[0]]).toEqual([1, 1, 2, 1, 1]);
  expect(luma[54]).toBe(1);
  expect(luma[18]).toBe(1);
  expect(luma.reduce((a, n) => a + n)).toBe(2);
});
