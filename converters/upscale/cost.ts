// How long an upscale takes: measured on the reference worker (2 cores, onnxruntime-node,
// bench:upscale), per megapixel of output; the network runs at the input's size, so ×4 costs
// less per output pixel than ×2.
import type { CostOf } from "../types";
import type { meta } from "./meta";

const SECONDS_PER_OUTPUT_MP: Record<number, number> = { 2: 3, 4: 1.5 };
const START_SECONDS = 1;

export const cost: CostOf<typeof meta> = {
  outputSize: (size, p) => ({ width: size.width * p.scale, height: size.height * p.scale }),
  workSeconds: (size, p) => START_SECONDS + ((size.width * size.height * p.scale ** 2) / 1e6) * (SECONDS_PER_OUTPUT_MP[p.scale] ?? 3),
  cheaper: (size, p) => (p.scale > 2 ? "lower Scale to 2× or upscale a smaller crop" : "upscale a smaller crop or resize the photo first"),
};
