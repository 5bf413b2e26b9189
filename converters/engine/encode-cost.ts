// Seconds an encode takes on the reference worker (2 cores, wasm-vips), per megapixel, measured
// on a photo and on noise at 2 MP (the slower of the two; figures in the issue-21 note). AVIF's
// effort is the one to watch: effort 9 took 150 s per megapixel, half an hour for 12 MP.
import type { AnyEncoderOptions, EncoderOptions } from "./encoder-options";
import type { OutputFormat } from "./formats";

export interface EncodeCostInput {
  format: OutputFormat;
  encoder?: AnyEncoderOptions;
  targetBytes?: number;
}

/** A target-size search: about three full encodes and a small copy's worth of guesses. */
const TARGET_SEARCH_ENCODES = 4;

/** Geometric between measured points: [effort, s/MP]. */
function byEffort(effort: number, points: [number, number][]): number {
  for (let i = 1; i < points.length; i++) {
    const [e0, s0] = points[i - 1]!;
    const [e1, s1] = points[i]!;
    if (effort <= e1) return s0 * (s1 / s0) ** ((effort - e0) / (e1 - e0));
  }
  return points.at(-1)![1];
}

function perMegapixel(format: OutputFormat, encoder: AnyEncoderOptions | undefined): number {
  switch (format) {
    case "jpeg": {
      const o = encoder as EncoderOptions["jpeg"] | undefined;
      return o?.trellis || o?.optimizeScans ? 0.5 : 0.06;
    }
    case "webp": {
      const o = encoder as EncoderOptions["webp"] | undefined;
      return o?.lossless ? 1 : byEffort(o?.effort ?? 4, [[0, 0.1], [4, 0.3], [6, 0.55]]);
    }
    case "avif": {
      const o = encoder as EncoderOptions["avif"] | undefined;
      return (o?.lossless ? 3 : 1) * byEffort(o?.effort ?? 0, [[0, 0.2], [4, 18], [9, 150]]);
    }
    case "png": {
      const o = encoder as EncoderOptions["png"] | undefined;
      const deflate = (o?.compression ?? 2) >= 7 ? 1 : 0.1;
      return deflate + (o?.palette ? byEffort(o.effort, [[1, 0.3], [7, 1.5], [10, 11]]) : 0);
    }
  }
}

export function encodeSeconds(pixels: number, input: EncodeCostInput): number {
  return (pixels / 1e6) * perMegapixel(input.format, input.encoder) * (input.targetBytes !== undefined ? TARGET_SEARCH_ENCODES : 1);
}
