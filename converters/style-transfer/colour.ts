// Colour statistics of planar RGB: a linear colour transfer (the mean and covariance of one
// picture's colours given to another's, Gatys et al. 2017, "Controlling perceptual factors"), and
// the histogram distance the tests and the quality set read.
import type { Planar } from "../deepdream/planar";

type Mat3 = number[]; // row-major 3×3

function stats({ data, width, height }: Planar): { mean: number[]; cov: Mat3 } {
  const n = width * height;
  const mean = [0, 1, 2].map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[c * n + i]!;
    return s / n;
  });
  const cov = new Array<number>(9).fill(0);
  for (let i = 0; i < n; i++) {
    const d = [data[i]! - mean[0]!, data[n + i]! - mean[1]!, data[2 * n + i]! - mean[2]!];
    for (let r = 0; r < 3; r++) for (let c = r; c < 3; c++) cov[r * 3 + c]! += d[r]! * d[c]!;
  }
  for (let r = 0; r < 3; r++)
    for (let c = r; c < 3; c++) {
      // A little ridge, so a grey or flat picture (a singular covariance) still factors.
      cov[r * 3 + c] = cov[r * 3 + c]! / n + (r === c ? 1e-4 : 0);
      cov[c * 3 + r] = cov[r * 3 + c]!;
    }
  return { mean, cov };
}

/** Lower-triangular L with L·Lᵀ = m. */
function cholesky(m: Mat3): Mat3 {
  const l = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c <= r; c++) {
      let s = m[r * 3 + c]!;
      for (let k = 0; k < c; k++) s -= l[r * 3 + k]! * l[c * 3 + k]!;
      l[r * 3 + c] = r === c ? Math.sqrt(Math.max(s, 1e-12)) : s / l[c * 3 + c]!;
    }
  return l;
}

function invertLower(l: Mat3): Mat3 {
  const inv = new Array<number>(9).fill(0);
  for (let c = 0; c < 3; c++) {
    inv[c * 3 + c] = 1 / l[c * 3 + c]!;
    for (let r = c + 1; r < 3; r++) {
      let s = 0;
      for (let k = c; k < r; k++) s -= l[r * 3 + k]! * inv[k * 3 + c]!;
      inv[r * 3 + c] = s / l[r * 3 + r]!;
    }
  }
  return inv;
}

const multiply = (a: Mat3, b: Mat3): Mat3 => Array.from({ length: 9 }, (_, k) => [0, 1, 2].reduce((s, j) => s + a[Math.floor(k / 3) * 3 + j]! * b[j * 3 + (k % 3)]!, 0));

/** `image` with the mean and covariance of `like`'s colours (x ↦ Lₛ·L꜀⁻¹·(x − μ꜀) + μₛ), clipped to [−1, 1]. */
export function transferColour(image: Planar, like: Planar): Planar {
  const from = stats(image);
  const to = stats(like);
  const a = multiply(cholesky(to.cov), invertLower(cholesky(from.cov)));
  const n = image.width * image.height;
  const data = new Float32Array(image.data.length);
  for (let i = 0; i < n; i++) {
    const d = [image.data[i]! - from.mean[0]!, image.data[n + i]! - from.mean[1]!, image.data[2 * n + i]! - from.mean[2]!];
    for (let r = 0; r < 3; r++) data[r * n + i] = Math.min(1, Math.max(-1, to.mean[r]! + a[r * 3]! * d[0]! + a[r * 3 + 1]! * d[1]! + a[r * 3 + 2]! * d[2]!));
  }
  return { ...image, data };
}

/**
 * The earth mover's distance between two pictures' colour histograms, per channel (256 levels,
 * in levels), summed over R, G and B: for 1-D histograms, the L1 distance between their CDFs.
 */
export function colourDistance(a: Planar, b: Planar): number {
  const cdf = ({ data, width, height }: Planar, c: number) => {
    const n = width * height;
    const bins = new Float64Array(256);
    for (let i = 0; i < n; i++) bins[Math.min(255, Math.max(0, Math.round((data[c * n + i]! + 1) * 127.5)))]! += 1 / n;
    for (let k = 1; k < 256; k++) bins[k]! += bins[k - 1]!;
    return bins;
  };
  let distance = 0;
  for (let c = 0; c < 3; c++) {
    const ca = cdf(a, c);
    const cb = cdf(b, c);
    for (let k = 0; k < 256; k++) distance += Math.abs(ca[k]! - cb[k]!);
  }
  return distance;
}
