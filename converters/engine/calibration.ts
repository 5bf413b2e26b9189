// A short, fixed workload that says how fast a device computes, against the reference worker the
// cost models are measured on: before a device has run a heavy step itself, its estimate is the
// reference's seconds × (this workload's time here ÷ there) × the engine's own ratio (a cost.ts's
// deviceEngineRatio). A blur over a float image is, like a network's convolutions, SIMD work spread
// over threads, and needs nothing downloaded: wasm-vips is already in the worker.
import type { VipsModule } from "../types";

const SIDE = 768;
const RUNS = 3;

/**
 * Milliseconds for the workload on the reference worker (2 cores, wasm-vips in Node, concurrency 2):
 * the fastest of three, measured with `npx tsx bench/calibration.ts` (the fastest of five: 53–56 ms
 * over three runs, on a machine busy with other work; single runs spread to 150 ms under load).
 */
export const REFERENCE_CALIBRATION_MS = 55;

/** The fastest of a few runs of the workload, in ms by `now`: the first pays for thread start-up. */
export function calibrationMs(vips: VipsModule, now: () => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const start = now();
    const noise = vips.Image.gaussnoise(SIDE, SIDE, { mean: 128, sigma: 30 });
    // avg() pulls every pixel through the blur: libvips is lazy until asked for a value.
    noise.gaussblur(2.5).avg();
    best = Math.min(best, now() - start);
  }
  return best;
}
