import { expect, test } from "vitest";
import { dragCrop, fitInside } from "./CropOverlay";

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
