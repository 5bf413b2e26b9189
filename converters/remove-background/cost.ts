// How long a cutout takes: the network is fixed-size (every photo is 320² to it), the refinement
// and the compositing are per pixel. Measured on the reference worker (2 cores, onnxruntime-node,
// npm run bench:cutout, quiet): network 334–369 ms warm, refinement 307 ms at 2 MP and 598 ms at
// 12 MP; the first run of a thread also opens the session (about a second).
import type { CostOf } from "../types";
import type { meta } from "./meta";
import { strokeWork } from "./strokes";

/** U²-Net-p at 320², with the session's opening on a thread's first job (it is kept open after). */
const NETWORK_SECONDS = 1.5;
/** The guided filter's grid fit, at most 1024 px on the long side: a fixed part. */
const GRID_SECONDS = 0.25;
/** The full-size pass (coefficients applied to each pixel), the strokes and the compositing. */
const SECONDS_PER_MP = 0.05;
/** A blurred background: two Gaussian blurs of the photo, per megapixel per unit of σ. */
const BLUR_SECONDS_PER_MP_SIGMA = 0.004;
/** The touch-up painter, per pixel it visits (strokes.ts: a distance to a segment each). */
const SECONDS_PER_STROKE_PIXEL = 4e-9;
/** The whole cutout on onnxruntime-web's WASM build against onnxruntime-node, both on 2 threads, at 12 MP: 1610 / 967 ms (bench:cutout). */
const DEVICE_ENGINE_RATIO = 1.7;

export const cost: CostOf<typeof meta> = {
  addsAlpha: (p) => (p.background ?? "transparent") === "transparent",
  wantsAlpha: (p) => (p.background ?? "transparent") === "transparent",
  workSeconds: ({ width, height }, p) => {
    const mp = (width * height) / 1e6;
    const blur = p.background === "blur" ? mp * p.blurSigma * BLUR_SECONDS_PER_MP_SIGMA : 0;
    return NETWORK_SECONDS + GRID_SECONDS + mp * SECONDS_PER_MP + blur + strokeWork(width, height, p.strokes ?? []) * SECONDS_PER_STROKE_PIXEL;
  },
  // The photo's bytes read out whole, the mask, the plain mask's float plane, and the grid's
  // planes (about twenty of 1024² floats) with the network's session.
  workingBytes: ({ width, height }) => 8 * width * height + 150 * 1024 * 1024,
  onDevice: (_size, p) => ({ params: p }),
  deviceEngineRatio: DEVICE_ENGINE_RATIO,
  cheaper: (_size, p) => ((p.strokes ?? []).length ? "use fewer or smaller touch-up strokes, or resize the photo first" : "resize the photo first"),
};
