// Planar float RGB (CHW, 3 channels, values in [−1, 1]): the network's input layout, in which
// the dream loop works from start to end.

export interface Planar {
  data: Float32Array;
  height: number;
  width: number;
}

export const CHANNELS = 3;

/** Interleaved 8-bit RGB → planar, scaled as InceptionV3 was trained: RGB/127.5 − 1. */
export function fromRgb8(rgb: Uint8Array, width: number, height: number): Planar {
  const plane = width * height;
  const data = new Float32Array(CHANNELS * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < CHANNELS; c++) data[c * plane + i] = rgb[i * CHANNELS + c]! / 127.5 - 1;
  return { data, height, width };
}

export function toRgb8({ data, width, height }: Planar): Uint8Array {
  const plane = width * height;
  const rgb = new Uint8Array(CHANNELS * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < CHANNELS; c++) rgb[i * CHANNELS + c] = Math.round((data[c * plane + i]! + 1) * 127.5);
  return rgb;
}

/**
 * Bilinear resampling with pixel centres aligned, as tf.image.resize does. Between octaves only,
 * where an exact target size on float planes matters more than a sharper kernel.
 */
export function resizeBilinear(src: Planar, height: number, width: number): Planar {
  const axis = (from: number, to: number) =>
    Array.from({ length: to }, (_, i) => {
      const s = Math.min(Math.max((i + 0.5) * (from / to) - 0.5, 0), from - 1);
      const lo = Math.floor(s);
      return { lo, hi: Math.min(lo + 1, from - 1), t: s - lo };
    });
  const ys = axis(src.height, height);
  const xs = axis(src.width, width);
  const data = new Float32Array(CHANNELS * height * width);
  const sp = src.height * src.width;
  for (let c = 0; c < CHANNELS; c++)
    for (let y = 0; y < height; y++) {
      const { lo: y0, hi: y1, t: ty } = ys[y]!;
      const r0 = c * sp + y0 * src.width;
      const r1 = c * sp + y1 * src.width;
      const out = (c * height + y) * width;
      for (let x = 0; x < width; x++) {
        const { lo: x0, hi: x1, t: tx } = xs[x]!;
        const top = src.data[r0 + x0]! + (src.data[r0 + x1]! - src.data[r0 + x0]!) * tx;
        const bottom = src.data[r1 + x0]! + (src.data[r1 + x1]! - src.data[r1 + x0]!) * tx;
        data[out + x] = top + (bottom - top) * ty;
      }
    }
  return { data, height, width };
}
