// How long a cutout takes: the network is fixed-size (every photo is 320² to it), the refinement
// and the compositing are per pixel. Measured on the reference worker (2 cores, onnxruntime-node,
// npm run bench:cutout): see the constants.
import type { CostOf } from "../types";
import type { meta } from "./meta";

/** U²-Net-p at 320², the session's first run included (it is kept open between jobs). */
const NETWORK_SECONDS = 1.5;
/** The guided filter's grid fit, at most 1024 px on the long side: a fixed part. */
const GRID_SECONDS = 0.25;
/** The full-size pass (coefficients applied to each pixel), the strokes and the compositing. */
const SECONDS_PER_MP = 0.06;
/** A blurred background: two Gaussian blurs of the photo, per megapixel per unit of σ. */
const BLUR_SECONDS_PER_MP_SIGMA = 0.004;
/** onnxruntime-web's WASM build against onnxruntime-node on the same 2 cores (bench:cutout). */
const DEVICE_ENGINE_RATIO = 2;

export const cost: CostOf<typeof meta> = {
  addsAlpha: (p) => p.background === "transparent",
  workSeconds: ({ width, height }, p) => {
    const mp = (width * height) / 1e6;
    return NETWORK_SECONDS + GRID_SECONDS + mp * SECONDS_PER_MP + (p.background === "blur" ? mp * p.blurSigma * BLUR_SECONDS_PER_MP_SIGMA : 0);
  },
  // The photo's bytes read out whole, the mask, the plain mask's float plane, and the grid's
  // planes (about twenty of 1024² floats) with the network's session.
  workingBytes: ({ width, height }) => 8 * width * height + 150 * 1024 * 1024,
  onDevice: (_size, p) => ({ params: p }),
  deviceEngineRatio: DEVICE_ENGINE_RATIO,
  cheaper: () => "resize the photo first",
};
