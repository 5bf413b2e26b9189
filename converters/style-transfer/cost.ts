// How long a style transfer takes, from its size and params alone. Measured on the reference
// worker (2 cores, onnxruntime-node, bench:style): 18.3 s for 512×512 at 3 scales × 30 steps,
// so about 1.4 µs per pixel per step with the default layers (the trunk to mixed3), summed over
// the scales, each of which also runs the net five times for its targets; and about 2 s to start
// (the session, decode, encode).
import { dreamScale, lowerSizeOrSteps, MIN_SIDE, tooNarrow, workingSize } from "../deepdream/cost";
import type { CostOf, Size } from "../types";
import { LAYER_NAMES } from "./layers";
import type { meta } from "./meta";
import { scaleSizes } from "./transfer";

const SECONDS_PER_PIXEL_STEP = 1.4e-6;
const START_SECONDS = 2;
/** The targets' five runs of the net at each scale, as steps. */
const TARGET_RUNS = 5;
/** onnxruntime-web's WASM build against onnxruntime-node, the whole 512² transfer on the same 2 cores: 55.4 s against 18.3 s (bench:style). */
const DEVICE_ENGINE_RATIO = 3.0;
/**
 * Bytes the graph holds per working pixel at its peak (activations and their gradients to mixed3):
 * peak RSS rose 577 MB from 512×341 to 1024×683 (onnxruntime-node, arena off), about 1100 a pixel.
 */
const BYTES_PER_PIXEL = 1200;

type Params = { steps: number; scales: number; maxSize: number; contentLayer: string; styleLayers: readonly string[] };

/** The trunk runs to the deepest layer read: mixed3's depth is the measured one. */
function depth(p: Params): number {
  const deepest = Math.max(...[p.contentLayer, ...p.styleLayers].map((l) => LAYER_NAMES.indexOf(l as never)));
  return 0.45 + (0.55 * Math.max(0, deepest)) / LAYER_NAMES.indexOf("mixed3");
}

function seconds(size: Size, p: Params): number {
  const working = workingSize(size, p.maxSize);
  const pixels = scaleSizes(working.height, working.width, p.scales, MIN_SIDE).reduce((sum, [h, w]) => sum + h * w, 0);
  return START_SECONDS + pixels * (p.steps + TARGET_RUNS) * SECONDS_PER_PIXEL_STEP * depth(p);
}

export const cost: CostOf<typeof meta> = {
  refuse: (size, p) =>
    tooNarrow(size, p.maxSize) ? `Style transfer needs ${MIN_SIDE} px on the short side; this ${size.width}×${size.height} picture is too narrow within ${p.maxSize} px.` : undefined,
  outputSize: (size, p) => {
    const { shrink } = dreamScale(size, p.maxSize);
    return { width: size.width * shrink, height: size.height * shrink };
  },
  workSeconds: seconds,
  workingBytes: (size, p) => {
    const { width, height } = workingSize(size, p.maxSize);
    return width * height * BYTES_PER_PIXEL * depth(p);
  },
  usedInput: (size, p) => {
    const { scale } = dreamScale(size, p.maxSize);
    return scale < 1 ? { width: size.width * scale, height: size.height * scale } : undefined;
  },
  onDevice: (_size, p, maxSide) => ({ params: { ...p, maxSize: Math.min(p.maxSize, maxSide) } }),
  deviceEngineRatio: DEVICE_ENGINE_RATIO,
  cheaper: (size, p, limit) => lowerSizeOrSteps(size, p, limit, seconds, "Steps per scale"),
};
