// SSIM (Wang et al. 2004) on luma (BT.601 weights), Gaussian window 11×11 with σ 1.5,
// K1 = 0.01, K2 = 0.03, L = 255; the mean of the SSIM map over the whole image (edges clamped).
const RADIUS = 5;
const SIGMA = 1.5;
const kernel = (() => {
  const k = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * SIGMA * SIGMA)));
  const sum = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / sum);
})();

function blur(src: Float64Array, width: number, height: number): Float64Array {
  const tmp = new Float64Array(src.length);
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) s += kernel[k + RADIUS]! * src[y * width + Math.min(width - 1, Math.max(0, x + k))]!;
      tmp[y * width + x] = s;
    }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -RADIUS; k <= RADIUS; k++) s += kernel[k + RADIUS]! * tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      out[y * width + x] = s;
    }
  return out;
}

const luma = (rgb: Uint8Array) => Float64Array.from({ length: rgb.length / 3 }, (_, i) => 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!);

export function ssim(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  const x = luma(a);
  const y = luma(b);
  const [mx, my] = [blur(x, width, height), blur(y, width, height)];
  const [xx, yy, xy] = [blur(x.map((v) => v * v), width, height), blur(y.map((v) => v * v), width, height), blur(x.map((v, i) => v * y[i]!), width, height)];
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const vx = xx[i]! - mx[i]! ** 2;
    const vy = yy[i]! - my[i]! ** 2;
    const cov = xy[i]! - mx[i]! * my[i]!;
    sum += ((2 * mx[i]! * my[i]! + c1) * (2 * cov + c2)) / ((mx[i]! ** 2 + my[i]! ** 2 + c1) * (vx + vy + c2));
  }
  return sum / x.length;
}
