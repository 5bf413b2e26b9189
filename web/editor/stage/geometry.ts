// Where the two images sit on the stage and how the view maps them to the screen: pure numbers,
// so the divider, zoom and pan are tested without a browser.

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

/** The screen position of the box's top-left corner and its zoom: box px × scale = CSS px. */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Layout {
  /** The area both images share, in the result's pixels: the divider spans exactly its width. */
  box: Size;
  original: Rect;
  result: Rect;
  /** Whether each pixel of the original lies under the result's pixel made from it. */
  aligned: boolean;
}

/** A rectangle of the original, in fractions of its sides: the part the result shows. */
export interface Fraction {
  x: number;
  y: number;
  width: number;
  height: number;
}

const centred = (box: Size, size: Size): Rect => ({ ...size, x: (box.width - size.width) / 2, y: (box.height - size.height) / 2 });
const aspectsMatch = (a: number, b: number) => Math.abs(a - b) < 0.01 * b;

/**
 * `region` is the part of the original the result shows (a crop's rectangle; the whole photo for
 * a Resize or an upscale). The original is scaled and shifted so that part lies exactly under the
 * result, and the box is the result: both sides of the divider show the same detail. Without a
 * region (null: a quarter turn) or with one whose shape is not the result's, both keep one scale, centred, in a box the larger of the
 * two in each direction, and the layout says it is not aligned.
 */
export function layoutBox(original: Size, result: Size = original, region: Fraction | null = { x: 0, y: 0, width: 1, height: 1 }): Layout {
  const part = region && { width: original.width * region.width, height: original.height * region.height };
  if (region && part && part.width > 0 && part.height > 0 && aspectsMatch(part.width / part.height, result.width / result.height)) {
    const kx = result.width / part.width;
    const ky = result.height / part.height;
    // "0 - " so the whole photo sits at 0, not -0.
    const shown = { x: 0 - region.x * original.width * kx, y: 0 - region.y * original.height * ky, width: original.width * kx, height: original.height * ky };
    return { box: { ...result }, original: shown, result: { x: 0, y: 0, ...result }, aligned: true };
  }
  const box = { width: Math.max(original.width, result.width), height: Math.max(original.height, result.height) };
  return { box, original: centred(box, original), result: centred(box, result), aligned: false };
}

/**
 * The whole box in the viewport, centred, `margin` CSS px clear of each edge (crop handles on the
 * photo's border need room to be grabbed: half of each lies outside the photo).
 */
export function fitView(box: Size, viewport: Size, margin = 0): View {
  const m = Math.max(0, Math.min(margin, viewport.width / 4, viewport.height / 4));
  const scale = Math.min((viewport.width - 2 * m) / box.width, (viewport.height - 2 * m) / box.height);
  return { scale, x: (viewport.width - box.width * scale) / 2, y: (viewport.height - box.height * scale) / 2 };
}

/** One box pixel per CSS pixel, keeping the point under the viewport's centre where it is. */
export function actualSizeView(view: View, viewport: Size): View {
  return zoomAt(view, 1 / view.scale, { x: viewport.width / 2, y: viewport.height / 2 }, { min: 0, max: Infinity });
}

/** Zoom by `factor` around a screen point, which stays over the same image pixel. */
export function zoomAt(view: View, factor: number, at: { x: number; y: number }, limits: { min: number; max: number }): View {
  const scale = Math.min(limits.max, Math.max(limits.min, view.scale * factor));
  const f = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * f, y: at.y - (at.y - view.y) * f };
}

/** Keeps at least a quarter of the viewport covered by the box, so a pan never loses the photo. */
export function clampView(view: View, box: Size, viewport: Size): View {
  const w = box.width * view.scale;
  const h = box.height * view.scale;
  const keepX = Math.min(w, viewport.width) / 4;
  const keepY = Math.min(h, viewport.height) / 4;
  return {
    scale: view.scale,
    x: Math.min(viewport.width - keepX, Math.max(keepX - w, view.x)),
    y: Math.min(viewport.height - keepY, Math.max(keepY - h, view.y)),
  };
}

/** The divider's position, 0–100, for a screen x: the box's left edge is 0 and its right edge 100. */
export function splitAt(view: View, box: Size, screenX: number): number {
  const at = ((screenX - view.x) / (box.width * view.scale)) * 100;
  return Math.min(100, Math.max(0, at));
}
