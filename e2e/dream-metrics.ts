// Measures of a dream, on RGB(A) pixels of equal size: whether fine detail rose, and whether the
// change is more than a colour filter (any per-pixel colour mapping) could make.

export interface Rgb {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | number[];
}

const luma = (px: Rgb, x: number, y: number) => {
  const i = (y * px.width + x) * px.channels;
  return 0.299 * px.data[i]! + 0.587 * px.data[i + 1]! + 0.114 * px.data[i + 2]!;
};

/** Mean |Laplacian| of luma: high-frequency energy, which a dream's eyes and fur raise. */
export function fineDetail(px: Rgb): number {
  let sum = 0;
  for (let y = 1; y < px.height - 1; y++)
    for (let x = 1; x < px.width - 1; x++) sum += Math.abs(4 * luma(px, x, y) - luma(px, x - 1, y) - luma(px, x + 1, y) - luma(px, x, y - 1) - luma(px, x, y + 1));
  return sum / ((px.width - 2) * (px.height - 2));
}

/** Solves the 4×4 system A·x = b by Gaussian elimination with partial pivoting. */
function solve4(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < 4; c++) {
    const p = m.slice(c).reduce((best, row, i) => (Math.abs(row[c]!) > Math.abs(m[best]![c]!) ? c + i : best), c);
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < 4; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k < 5; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[4]! / row[i]!);
}

/**
 * RMS residual, in levels, of the best colour-matrix fit (out = M·[r g b 1]) from `before` to
 * `after`. A colour filter (grey, sepia, contrast, hue) leaves a few levels; a dream, which
 * paints new structure, leaves far more.
 */
export function colourFilterResidual(before: Rgb, after: Rgb): number {
  const n = before.width * before.height;
  const xtx = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const xty = Array.from({ length: 3 }, () => [0, 0, 0, 0]);
  const row = (i: number) => [before.data[i * before.channels]!, before.data[i * before.channels + 1]!, before.data[i * before.channels + 2]!, 255];
  for (let i = 0; i < n; i++) {
    const x = row(i);
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) xtx[r]![c]! += x[r]! * x[c]!;
      for (let ch = 0; ch < 3; ch++) xty[ch]![r]! += x[r]! * after.data[i * after.channels + ch]!;
    }
  }
  const fits = xty.map((b) => solve4(xtx, b));
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = row(i);
    for (let ch = 0; ch < 3; ch++) {
      const predicted = fits[ch]!.reduce((s, w, k) => s + w * x[k]!, 0);
      sq += (after.data[i * after.channels + ch]! - predicted) ** 2;
    }
  }
  return Math.sqrt(sq / (n * 3));
}

export function meanAbsDiff(a: Rgb, b: Rgb): number {
  let sum = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) for (let ch = 0; ch < 3; ch++) sum += Math.abs(a.data[i * a.channels + ch]! - b.data[i * b.channels + ch]!);
  return sum / (n * 3);
}
