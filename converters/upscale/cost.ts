// How long an upscale takes, per megapixel of output, on the reference worker's one conversion
// thread (npm run bench:upscale -- --threads 1: 4.4 s at ×2, 1.2 s at ×4 on onnxruntime-node).
// The network runs at the input's size, so ×4 costs less per output pixel than ×2. The start is
// the graph's generation and session, once per thread.
import type { CostOf } from "../types";
import type { meta } from "./meta";

const SECONDS_PER_OUTPUT_MP: Record<number, number> = { 2: 4.4, 4: 1.2 };
const START_SECONDS = 1;

export const cost: CostOf<typeof meta> = {
  outputSize: (size, p) => ({ width: size.width * p.scale, height: size.height * p.scale }),
  workSeconds: (size, p) => START_SECONDS + ((size.width * size.height * p.scale ** 2) / 1e6) * (SECONDS_PER_OUTPUT_MP[p.scale] ?? 4.4),
  cheaper: (size, p) => (p.scale > 2 ? "lower Scale to 2× or upscale a smaller crop" : "upscale a smaller crop or resize the photo first"),
};
