// The classic DeepDream loop (Mordvintsev et al., 2015): gradient ascent on the image over a
// pyramid of octaves, carrying the added detail up from each octave to the next, with a random
// roll before every step so tile seams and the net's border effects never stay in one place.
import { CHANNELS, type Planar, resizeBilinear } from "./planar";

/** ∂loss/∂x for one tile, [3, height, width] planar. */
export type GradientFn = (tile: Float32Array, height: number, width: number) => Promise<Float32Array>;

export interface DreamOptions {
  octaves: number;
  octaveScale: number;
  steps: number;
  stepSize: number;
  jitter: number;
  seed: number;
  /** Tiles are about this size; the graph's memory grows with it, not with the image. */
  tile: number;
  /** The net's smallest input side; smaller octaves are skipped. */
  minSide: number;
}

export interface DreamHooks {
  gradient: GradientFn;
  /** Called after every tile with the share of the work done, which only rises. */
  onProgress?: (progress: number) => void;
  /** Checked before every tile: an abort stops the dream within one step. */
  signal?: AbortSignal;
}

/** Octave sizes, largest first, down to the net's minimum input size. */
export function octaveSizes(height: number, width: number, options: Pick<DreamOptions, "octaves" | "octaveScale" | "minSide">): [number, number][] {
  const sizes: [number, number][] = [[height, width]];
  for (let i = 1; i < options.octaves; i++) {
    const h = Math.round(height / options.octaveScale ** i);
    const w = Math.round(width / options.octaveScale ** i);
    if (Math.min(h, w) < options.minSide) break;
    sizes.push([h, w]);
  }
  return sizes;
}

/** Splits one side into equal spans of at most ~1.25 tiles; the last span may overlap its neighbour. */
export function spans(length: number, tile: number): { start: number; size: number }[] {
  if (length <= tile * 1.25) return [{ start: 0, size: length }];
  const n = Math.ceil(length / tile);
  const size = Math.ceil(length / n);
  return Array.from({ length: n }, (_, i) => ({ start: Math.min(i * size, length - size), size }));
}

/** A small seeded generator (mulberry32): a seed gives the same run on the server and the device. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Copies `length` values of a wrapped row: at most two contiguous runs, so two memcpys. */
function copyWrapped(length: number, rowStart: number, width: number, from: number, visit: (src: number, dst: number, n: number) => void) {
  let done = 0;
  let col = from;
  while (done < length) {
    const n = Math.min(length - done, width - col);
    visit(rowStart + col, done, n);
    done += n;
    col = 0;
  }
}

/**
 * The gradient of the whole image rolled by (dy, dx), computed tile by tile and written back
 * unrolled. Tiles read straight from the rolled coordinates, so no rolled copy is made.
 */
async function rolledGradient(image: Planar, dy: number, dx: number, hooks: DreamHooks, tile: number, onTile: (share: number) => void): Promise<Float32Array> {
  const { height: h, width: w, data } = image;
  const plane = h * w;
  const grad = new Float32Array(data.length);
  const rows = spans(h, tile);
  const cols = spans(w, tile);
  // Spans may overlap, so the tiles' area, not the image's, is the whole of a step's work.
  const area = rows.reduce((a, r) => a + r.size, 0) * cols.reduce((a, c) => a + c.size, 0);
  let pixels = 0;
  for (const ys of rows)
    for (const xs of cols) {
      hooks.signal?.throwIfAborted();
      const tilePlane = ys.size * xs.size;
      const input = new Float32Array(CHANNELS * tilePlane);
      const firstCol = mod(xs.start - dx, w);
      const eachRow = (visit: (src: number, dst: number, n: number) => void) => {
        for (let c = 0; c < CHANNELS; c++)
          for (let y = 0; y < ys.size; y++) {
            const rowStart = c * plane + mod(ys.start + y - dy, h) * w;
            const tileRow = c * tilePlane + y * xs.size;
            copyWrapped(xs.size, rowStart, w, firstCol, (src, dst, n) => visit(src, tileRow + dst, n));
          }
      };
      eachRow((src, dst, n) => input.set(data.subarray(src, src + n), dst));
      const g = await hooks.gradient(input, ys.size, xs.size);
      eachRow((src, dst, n) => grad.set(g.subarray(dst, dst + n), src));
      onTile((pixels += tilePlane) / area);
    }
  return grad;
}

export async function dream(source: Planar, options: DreamOptions, hooks: DreamHooks): Promise<Planar> {
  const random = mulberry32(options.seed);
  const sizes = octaveSizes(source.height, source.width, options).reverse();
  const work = sizes.map(([h, w]) => h * w * options.steps);
  const total = work.reduce((a, b) => a + b, 0);
  let done = 0;
  let detail: Planar | undefined;
  let image = source;
  for (const [h, w] of sizes) {
    const base = h === source.height && w === source.width ? source : resizeBilinear(source, h, w);
    const carried = detail && resizeBilinear(detail, h, w);
    image = { height: h, width: w, data: carried ? base.data.map((v, i) => v + carried.data[i]!) : base.data.slice() };
    for (let step = 0; step < options.steps; step++) {
      const dy = Math.round((random() * 2 - 1) * options.jitter);
      const dx = Math.round((random() * 2 - 1) * options.jitter);
      // Each tile but the last reports its share of the step (the last one's is the step's, below):
      // on a large photo progress moves every tile, not every step.
      const before = done;
      const grad = await rolledGradient(image, dy, dx, hooks, options.tile, (share) => share < 1 && hooks.onProgress?.((before + share * h * w) / total));
      let sum = 0;
      for (let i = 0; i < grad.length; i++) sum += Math.abs(grad[i]!);
      const scale = options.stepSize / (sum / grad.length + 1e-8);
      const x = image.data;
      for (let i = 0; i < x.length; i++) x[i] = Math.min(1, Math.max(-1, x[i]! + grad[i]! * scale));
      done += h * w;
      hooks.onProgress?.(done / total);
    }
    detail = { height: h, width: w, data: image.data.map((v, i) => v - base.data[i]!) };
  }
  return image;
}
