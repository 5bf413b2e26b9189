// How long a dream takes, from its size and params alone. Measured on the reference worker
// (2 cores, onnxruntime-node, 256 px tiles, layers to mixed5, bench:deepdream): 19.6 s for
// 1024×768 and 57.2 s for 2048×1365 at 3 octaves × 10 steps, so about 1.1 µs per pixel per step
// and 5 s to start (the session, decode, encode); less per step for shallower layers. A photo is
// dreamed at its octave sizes, smallest first, each `steps` times.
import type { CostOf, Size } from "../types";
import { octaveSizes } from "./dream";
import { DREAM_LAYERS } from "./layers";
import type { meta } from "./meta";

/** InceptionV3's smallest input (Keras' own limit): mixed5 needs 75 px on each side. */
export const MIN_SIDE = 75;
const SECONDS_PER_PIXEL_STEP = 1.1e-6;
const START_SECONDS = 5;
/**
 * onnxruntime-web's WASM build against onnxruntime-node, per dream step at 512², on the same
 * 2 cores: 930–994 ms against 250–267 ms (npm run bench:dream-web; README, "On the device").
 */
const DEVICE_ENGINE_RATIO = 3.7;

type Params = { layers: readonly string[]; octaves: number; octaveScale: number; steps: number; maxSize: number };

/** How the dream scales a picture: shrunk to maxSize, or enlarged to the net's minimum side. */
export function dreamScale({ width, height }: Size, maxSize: number): { shrink: number; scale: number } {
  const shrink = Math.min(1, maxSize / Math.max(width, height));
  return { shrink, scale: Math.max(shrink, MIN_SIDE / Math.min(width, height)) };
}

/** The size the dream works at. */
export function workingSize(size: Size, maxSize: number): Size {
  const { scale } = dreamScale(size, maxSize);
  return { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
}

function seconds(size: Size, p: Params): number {
  const working = workingSize(size, p.maxSize);
  const pixels = octaveSizes(working.height, working.width, { ...p, minSide: MIN_SIDE }).reduce((sum, [h, w]) => sum + h * w, 0);
  // The graph runs up to the deepest layer asked for; mixed0 is about half of mixed5's work.
  const deepest = Math.max(...p.layers.map((l) => DREAM_LAYERS.indexOf(l as never)));
  const depth = 0.45 + 0.11 * Math.max(0, deepest);
  return START_SECONDS + pixels * p.steps * SECONDS_PER_PIXEL_STEP * depth;
}

/** The picture must fit maxSize while its short side reaches the net's minimum. */
export function tooNarrow(size: Size, maxSize: number): boolean {
  const { scale } = dreamScale(size, maxSize);
  return size.width * size.height * scale * scale > maxSize ** 2;
}

export const cost: CostOf<typeof meta> = {
  refuse: (size, p) =>
    tooNarrow(size, p.maxSize) ? `DeepDream needs ${MIN_SIDE} px on the short side; this ${size.width}×${size.height} picture is too narrow to dream within ${p.maxSize} px.` : undefined,
  outputSize: (size, p) => {
    const { shrink } = dreamScale(size, p.maxSize);
    return { width: size.width * shrink, height: size.height * shrink };
  },
  workSeconds: seconds,
  // It dreams at its working size: a photo already shrunk to it dreams the same.
  usedInput: (size, p) => {
    const { scale } = dreamScale(size, p.maxSize);
    return scale < 1 ? { width: size.width * scale, height: size.height * scale } : undefined;
  },
  // device.ts dreams at most at the device's longest side.
  onDevice: (_size, p, maxSide) => ({ params: { ...p, maxSize: Math.min(p.maxSize, maxSide) } }),
  deviceEngineRatio: DEVICE_ENGINE_RATIO,
  cheaper: (size, p, limit) => lowerSizeOrSteps(size, p, limit, seconds, "Steps per octave"),
};

/**
 * For a heavy step over the time limit: the largest longest side (in 64 px steps) and the most
 * steps that would fit, each alone, in a person's words ("lower Longest side to 768 px or Steps per
 * octave to 6"); undefined when neither would.
 */
export function lowerSizeOrSteps<P extends { maxSize: number; steps: number }>(size: Size, p: P, limit: number, seconds: (size: Size, p: P) => number, stepsTitle: string): string | undefined {
  const options: string[] = [];
  for (let maxSize = Math.floor(p.maxSize / 64) * 64; maxSize >= 128; maxSize -= 64) {
    if (maxSize < p.maxSize && seconds(size, { ...p, maxSize }) <= limit) {
      options.push(`Longest side to ${maxSize} px`);
      break;
    }
  }
  for (let steps = p.steps - 1; steps >= 1; steps--) {
    if (seconds(size, { ...p, steps }) <= limit) {
      options.push(`${stepsTitle} to ${steps}`);
      break;
    }
  }
  return options.length ? `lower ${options.join(" or ")}` : undefined;
}
