// Runs an image model tile by tile, so memory stays bounded at any image size. Tiles overlap by
// the model's receptive margin, so each tile's kept part is exactly what the whole image would
// give; neighbouring kept parts still overlap by a feather band and are blended linearly, which
// hides any difference a model with a wider effective field would leave. Planar float data.

export interface TileModel {
  /** Output pixels per input pixel along each axis. */
  scale: number;
  /** Input pixels an output pixel depends on, either side (receptiveField().margin). */
  margin: number;
  /** Input and output channels. */
  channels: number;
  /** Planar [C, h, w] in, planar [C, h·scale, w·scale] out. */
  run(tile: Float32Array, height: number, width: number): Promise<Float32Array>;
}

export interface TileOptions {
  /** The side of a tile's core, in input pixels. */
  tile: number;
  /** Half the blended band between neighbouring tiles, in input pixels (at most a quarter tile). */
  feather?: number;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
}

interface Span {
  /** The core, in input pixels. */
  start: number;
  end: number;
}

/** Cores of about `tile` pixels covering [0, length), evenly sized. */
export function spans(length: number, tile: number): Span[] {
  const count = Math.max(1, Math.ceil(length / tile));
  return Array.from({ length: count }, (_, i) => ({ start: Math.round((i * length) / count), end: Math.round(((i + 1) * length) / count) }));
}

/**
 * One axis of a tile's blend weights over the output positions it writes: 1 inside its core,
 * ramping across ±feather at every edge that has a neighbour, so two neighbours' weights sum to 1.
 */
function ramp(span: Span, length: number, feather: number, scale: number): { from: number; weights: Float32Array } {
  const f = feather * scale;
  const from = span.start === 0 ? 0 : (span.start - feather) * scale;
  const to = span.end === length ? length * scale : (span.end + feather) * scale;
  const weights = new Float32Array(to - from);
  for (let p = from; p < to; p++) {
    const rise = span.start === 0 || f === 0 ? 1 : Math.min(1, Math.max(0, (p - (span.start * scale - f) + 0.5) / (2 * f)));
    const fall = span.end === length || f === 0 ? 1 : Math.min(1, Math.max(0, ((span.end * scale + f) - p - 0.5) / (2 * f)));
    weights[p - from] = Math.min(rise, fall);
  }
  return { from, weights };
}

export async function runTiled(input: Float32Array, height: number, width: number, model: TileModel, options: TileOptions): Promise<Float32Array> {
  const { scale, margin, channels } = model;
  const feather = Math.min(options.feather ?? 4, Math.floor(options.tile / 4));
  const outH = height * scale;
  const outW = width * scale;
  const out = new Float32Array(channels * outH * outW);
  const rows = spans(height, options.tile);
  const cols = spans(width, options.tile);
  let done = 0;
  for (const row of rows) {
    const ry = ramp(row, height, feather, scale);
    for (const col of cols) {
      options.signal?.throwIfAborted();
      const rx = ramp(col, width, feather, scale);
      // The tile read from the input: the core, the feather band and the margin, clipped to the image.
      const reach = margin + feather;
      const y0 = Math.max(0, row.start - reach);
      const y1 = Math.min(height, row.end + reach);
      const x0 = Math.max(0, col.start - reach);
      const x1 = Math.min(width, col.end + reach);
      const th = y1 - y0;
      const tw = x1 - x0;
      const tile = new Float32Array(channels * th * tw);
      for (let c = 0; c < channels; c++)
        for (let y = 0; y < th; y++) tile.set(input.subarray((c * height + y0 + y) * width + x0, (c * height + y0 + y) * width + x1), (c * th + y) * tw);
      const result = await model.run(tile, th, tw);
      const rh = th * scale;
      const rw = tw * scale;
      for (let c = 0; c < channels; c++)
        for (let j = 0; j < ry.weights.length; j++) {
          const wy = ry.weights[j]!;
          const oy = ry.from + j;
          const srcRow = (c * rh + oy - y0 * scale) * rw - x0 * scale;
          const dstRow = (c * outH + oy) * outW;
          for (let i = 0; i < rx.weights.length; i++) {
            const ox = rx.from + i;
            out[dstRow + ox]! += wy * rx.weights[i]! * result[srcRow + ox]!;
          }
        }
      options.onProgress?.(++done / (rows.length * cols.length));
    }
  }
  return out;
}
