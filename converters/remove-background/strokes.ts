// The touch-up brush: strokes saved as the step's params (coordinates from 0 to 1 of the step's
// input), painted into the mask after the network and the refinement, so they replay the same in
// a server job, from the gallery's stored steps and after a reload.
import type { Stroke } from "./meta";

/**
 * Sets every pixel whose centre lies within a stroke (a disc at each point, joined along its
 * path) to fully kept or fully erased; later strokes paint over earlier ones.
 */
export function paintStrokes(alpha: Uint8Array, width: number, height: number, strokes: readonly Stroke[]): void {
  const long = Math.max(width, height);
  for (const stroke of strokes) {
    const value = stroke.mode === "keep" ? 255 : 0;
    const radius = Math.max(0.5, (stroke.size * long) / 2);
    const points = stroke.points.map(([x, y]) => [x * width, y * height] as const);
    points.forEach((end, i) => paintSegment(alpha, width, height, points[Math.max(0, i - 1)]!, end, radius, value));
  }
}

/** Pixels the painter visits for these strokes on a photo of this size: what cost.ts charges for. */
export function strokeWork(width: number, height: number, strokes: readonly Stroke[]): number {
  const long = Math.max(width, height);
  let pixels = 0;
  for (const stroke of strokes) {
    const side = 2 * Math.max(0.5, (stroke.size * long) / 2) + 2;
    stroke.points.forEach(([x, y], i) => {
      const [px, py] = stroke.points[Math.max(0, i - 1)]!;
      pixels += Math.min(width, Math.abs(x - px) * width + side) * Math.min(height, Math.abs(y - py) * height + side);
    });
  }
  return pixels;
}

function paintSegment(alpha: Uint8Array, width: number, height: number, [ax, ay]: readonly [number, number], [bx, by]: readonly [number, number], radius: number, value: number): void {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const r2 = radius * radius;
  const left = Math.max(0, Math.floor(Math.min(ax, bx) - radius));
  const right = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + radius));
  const top = Math.max(0, Math.floor(Math.min(ay, by) - radius));
  const bottom = Math.min(height - 1, Math.ceil(Math.max(ay, by) + radius));
  for (let y = top; y <= bottom; y++) {
    const py = y + 0.5;
    for (let x = left; x <= right; x++) {
      const px = x + 0.5;
      // The nearest point of the segment to the pixel's centre.
      const t = length2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
      const ex = px - (ax + t * dx);
      const ey = py - (ay + t * dy);
      if (ex * ex + ey * ey <= r2) alpha[y * width + x] = value;
    }
  }
}
