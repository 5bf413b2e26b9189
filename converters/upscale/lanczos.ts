// Lanczos-3 enlargement by an integer factor, for planes the network does not see (alpha) and
// as a quality baseline, with Keys' bicubic (a = −0.5) beside it. libvips upsamples with its own
// bicubic interpolator whatever kernel it is given (vips_resize maps every kernel but nearest
// and linear to it), so these are ours: separable, pixel centres aligned, edges clamped.

const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
const LANCZOS3 = { radius: 3, at: (x: number) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0) };
const KEYS = {
  radius: 2,
  at: (t: number) => {
    const x = Math.abs(t);
    return x < 1 ? 1.5 * x ** 3 - 2.5 * x ** 2 + 1 : x < 2 ? -0.5 * x ** 3 + 2.5 * x ** 2 - 4 * x + 2 : 0;
  },
};
type Kernel = typeof LANCZOS3;

/** For each of the `scale` phases, the first source offset and 2·radius normalised weights. */
function phases(scale: number, { radius: A, at }: Kernel): { offset: number; weights: Float64Array }[] {
  return Array.from({ length: scale }, (_, phase) => {
    const u = (phase + 0.5) / scale - 0.5;
    const first = Math.floor(u) - A + 1;
    const weights = Float64Array.from({ length: 2 * A }, (_, k) => at(u - (first + k)));
    const sum = weights.reduce((a, b) => a + b, 0);
    return { offset: first, weights: weights.map((w) => w / sum) };
  });
}

/** Interleaved 8-bit samples, `bands` per pixel, enlarged `scale` times each way by Lanczos-3. */
export const lanczosUpscale = (data: Uint8Array, width: number, height: number, bands: number, scale: number) =>
  enlarge(data, width, height, bands, scale, LANCZOS3, new Uint8Array(data.length * scale * scale));

/** The same by Keys' cubic convolution (a = −0.5), the bicubic of Matlab's and PIL's resize. */
export const bicubicUpscale = (data: Uint8Array, width: number, height: number, bands: number, scale: number) =>
  enlarge(data, width, height, bands, scale, KEYS, new Uint8Array(data.length * scale * scale));

/** One float plane by Lanczos-3, unrounded and unclamped (a correction, which may be negative). */
export const lanczosPlane = (plane: Float32Array, width: number, height: number, scale: number) =>
  enlarge(plane, width, height, 1, scale, LANCZOS3, new Float32Array(plane.length * scale * scale));

function enlarge<T extends Uint8Array | Float32Array>(data: Uint8Array | Float32Array, width: number, height: number, bands: number, scale: number, kernel: Kernel, out: T): T {
  const taps = phases(scale, kernel);
  const A = kernel.radius;
  const outW = width * scale;
  const outH = height * scale;
  const wide = new Float32Array(outW * height * bands);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < outW; x++) {
      const { offset, weights } = taps[x % scale]!;
      const base = Math.floor(x / scale) + offset;
      for (let b = 0; b < bands; b++) {
        let sum = 0;
        for (let k = 0; k < 2 * A; k++) sum += weights[k]! * data[(y * width + Math.min(width - 1, Math.max(0, base + k))) * bands + b]!;
        wide[(y * outW + x) * bands + b] = sum;
      }
    }
  const round = out instanceof Uint8Array;
  for (let y = 0; y < outH; y++) {
    const { offset, weights } = taps[y % scale]!;
    const base = Math.floor(y / scale) + offset;
    for (let x = 0; x < outW; x++)
      for (let b = 0; b < bands; b++) {
        let sum = 0;
        for (let k = 0; k < 2 * A; k++) sum += weights[k]! * wide[(Math.min(height - 1, Math.max(0, base + k)) * outW + x) * bands + b]!;
        out[(y * outW + x) * bands + b] = round ? Math.min(255, Math.max(0, Math.round(sum))) : sum;
      }
  }
  return out;
}
