import { expect, test } from "vitest";
import { actualSizeView, clampView, fitView, layoutBox, splitAt, zoomAt } from "./geometry";

test("same aspect: the original is stretched over the result; another shape: one scale, both centred", () => {
  expect(layoutBox({ width: 600, height: 400 }, { width: 1200, height: 800 })).toEqual({
    box: { width: 1200, height: 800 },
    original: { x: 0, y: 0, width: 1200, height: 800 },
    result: { x: 0, y: 0, width: 1200, height: 800 },
  });
  const rotated = layoutBox({ width: 600, height: 400 }, { width: 400, height: 600 });
  expect(rotated.box).toEqual({ width: 600, height: 600 });
  expect(rotated.original).toEqual({ x: 0, y: 100, width: 600, height: 400 });
  expect(rotated.result).toEqual({ x: 100, y: 0, width: 400, height: 600 });
});

test("the divider spans the box exactly: its left edge is 0, its right edge 100, beyond is clamped", () => {
  const box = { width: 600, height: 400 };
  const view = fitView(box, { width: 1000, height: 400 });
  expect(view).toEqual({ scale: 1, x: 200, y: 0 });
  expect(splitAt(view, box, 200)).toBe(0);
  expect(splitAt(view, box, 500)).toBe(50);
  expect(splitAt(view, box, 800)).toBe(100);
  expect(splitAt(view, box, 20)).toBe(0);
  expect(splitAt(view, box, 990)).toBe(100);
});

test("zooming keeps the pixel under the pointer in place, within limits; 1:1 is one box pixel per CSS pixel", () => {
  const view = { scale: 0.5, x: 100, y: 50 };
  const zoomed = zoomAt(view, 4, { x: 300, y: 150 }, { min: 0.1, max: 8 });
  expect(zoomed.scale).toBe(2);
  // The box pixel under (300, 150) before, (400, 200), is under it after.
  expect([(300 - zoomed.x) / zoomed.scale, (150 - zoomed.y) / zoomed.scale]).toEqual([400, 200]);
  expect(zoomAt(view, 100, { x: 0, y: 0 }, { min: 0.1, max: 8 }).scale).toBe(8);
  expect(actualSizeView(view, { width: 800, height: 600 }).scale).toBe(1);
});

test("a pan cannot push the photo out of sight", () => {
  const box = { width: 1000, height: 1000 };
  const viewport = { width: 400, height: 400 };
  const far = clampView({ scale: 1, x: -5000, y: 5000 }, box, viewport);
  expect(far.x + 1000).toBeGreaterThanOrEqual(100);
  expect(far.y).toBeLessThanOrEqual(300);
});

test("a fit with a margin leaves that much room on every side, at most a quarter of the viewport", () => {
  const box = { width: 600, height: 400 };
  expect(fitView(box, { width: 648, height: 448 }, 24)).toEqual({ scale: 1, x: 24, y: 24 });
  const tiny = fitView(box, { width: 60, height: 40 }, 24);
  expect(tiny.x).toBeCloseTo(15, 6);
  expect(tiny.scale).toBeCloseTo(0.05, 6);
});
