import { expect, test } from "vitest";
import { actualSizeView, clampView, fitView, layoutBox, splitAt, zoomAt } from "./geometry";
import { shownRegion } from "./region";

test("same aspect: the original is stretched over the result; another shape: one scale, both centred", () => {
  expect(layoutBox({ width: 600, height: 400 }, { width: 1200, height: 800 })).toEqual({
    box: { width: 1200, height: 800 },
    original: { x: 0, y: 0, width: 1200, height: 800 },
    result: { x: 0, y: 0, width: 1200, height: 800 },
    aligned: true,
  });
  const rotated = layoutBox({ width: 600, height: 400 }, { width: 400, height: 600 });
  expect(rotated.box).toEqual({ width: 600, height: 600 });
  expect(rotated.original).toEqual({ x: 0, y: 100, width: 600, height: 400 });
  expect(rotated.result).toEqual({ x: 100, y: 0, width: 400, height: 600 });
  expect(rotated.aligned).toBe(false);
  // A square turned a quarter is the same shape, but no part of the original lies under it.
  expect(layoutBox({ width: 500, height: 500 }, { width: 500, height: 500 }, null).aligned).toBe(false);
});

test("a crop: the original is shifted so the cropped part lies exactly under the result", () => {
  // 600×400, cropped to x 20–70 %, y 10–60 %: a 300×200 result, shown at twice its size after a 2× upscale.
  const region = { x: 0.2, y: 0.1, width: 0.5, height: 0.5 };
  const layout = layoutBox({ width: 600, height: 400 }, { width: 600, height: 400 }, region);
  expect(layout.aligned).toBe(true);
  expect(layout.box).toEqual({ width: 600, height: 400 });
  expect(layout.result).toEqual({ x: 0, y: 0, width: 600, height: 400 });
  // The original at 2×: its pixel (120, 40), the crop's corner, sits at the box's corner.
  expect(layout.original).toEqual({ x: -240, y: -80, width: 1200, height: 800 });
});

test("the region of the original a chain shows: crops compose, flips mirror the crops after them, a quarter turn has none", () => {
  const crop = (left: number, top: number, width: number, height: number) => ({ converter: "crop", params: { left, top, width, height } });
  expect(shownRegion([{ converter: "grayscale" }, { converter: "resize", params: { percent: 50 } }])).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  expect(shownRegion([crop(20, 10, 50, 50)])).toEqual({ x: 0.2, y: 0.1, width: 0.5, height: 0.5 });
  const twice = shownRegion([crop(20, 10, 50, 50), crop(50, 0, 50, 100)])!;
  expect([twice.x, twice.y, twice.width, twice.height].map((v) => +v.toFixed(6))).toEqual([0.45, 0.1, 0.25, 0.5]);
  // Flipped first: the left 20 % of the flipped picture is the original's right 20 %.
  const mirrored = shownRegion([{ converter: "flip-horizontal" }, crop(0, 0, 20, 100)])!;
  expect(+mirrored.x.toFixed(6)).toBe(0.8);
  expect(shownRegion([{ converter: "rotate", params: { angle: 180 } }, crop(0, 0, 50, 50)])).toEqual({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
  expect(shownRegion([{ converter: "rotate", params: { angle: 90 } }, crop(0, 0, 50, 50)])).toBeNull();
  expect(shownRegion([{ converter: "rotate", params: { angle: -360 } }])).toEqual({ x: 0, y: 0, width: 1, height: 1 });
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
