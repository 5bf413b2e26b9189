import { expect, test } from "vitest";
import { dragCrop, fitInside, roundBox } from "./CropOverlay";

const start = { left: 10, top: 10, width: 80, height: 80 };

test("dragging a corner moves two edges, within the image", () => {
  expect(dragCrop(start, "se", -30, -40)).toEqual({ left: 10, top: 10, width: 50, height: 40 });
  expect(dragCrop(start, "nw", -50, 5)).toEqual({ left: 0, top: 15, width: 90, height: 75 });
  expect(dragCrop(start, "move", 50, -50)).toEqual({ left: 20, top: 0, width: 80, height: 80 });
});

test("an aspect lock keeps width/height in the image's pixels", () => {
  // A 600×400 image (aspect 1.5), a square crop: height% = width% × 1.5.
  const square = dragCrop(start, "e", -40, 0, 1, 1.5);
  expect((square.width * 600) / 100).toBeCloseTo((square.height * 400) / 100, 6);
  const fitted = fitInside(start, 16 / 9, 1.5);
  expect((fitted.width * 600) / (fitted.height * 400)).toBeCloseTo(16 / 9, 6);
  expect(fitted.left + fitted.width).toBeLessThanOrEqual(100);
  expect(fitted.top + fitted.height).toBeLessThanOrEqual(100);
});

test("an aspect preset writes hundredths of a percent, never float noise like 20.729999999999997", () => {
  const photos = [[451, 300], [4032, 3024], [3024, 4032], [1234, 987], [1920, 1080], [7, 3]];
  const presets = [1, 4 / 3, 3 / 2, 16 / 9];
  let noisy = 0;
  for (const [w, h] of photos) {
    for (const aspect of presets) {
      for (const box of [start, { left: 0, top: 0, width: 100, height: 100 }]) {
        const raw = fitInside(box, aspect, w! / h!);
        noisy += Object.values(raw).filter((v) => !/^\d+(\.\d{1,2})?$/.test(String(v))).length;
        const shown = roundBox(raw);
        for (const v of Object.values(shown)) expect(String(v)).toMatch(/^\d+(\.\d{1,2})?$/);
        // Still the preset's shape, to within the rounding.
        expect(((shown.width * w!) / (shown.height * h!)) / aspect).toBeCloseTo(1, 2);
        expect(shown.left + shown.width).toBeLessThanOrEqual(100.01);
      }
    }
  }
  // The unrounded boxes do carry such noise: the test would catch its return.
  expect(noisy).toBeGreaterThan(0);
});
