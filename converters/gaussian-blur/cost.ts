import type { CostOf } from "../types";
import type { meta } from "./meta";

// Measured per megapixel over a grid of sizes and radii (converters/engine/plan-calibration.test.ts):
// without alpha libvips blurs 8-bit bands with an integer kernel, about 0.03 s at σ 5, 0.1 s at
// σ 50 and 0.25 s at σ 100; with alpha the premultiplied floats take the approximate Gaussian
// (run.ts), about 0.35 s at σ 50 and 0.8 s at σ 100. Unknown alpha is costed as alpha.
export const cost: CostOf<typeof meta> = {
  workSeconds: ({ width, height, alpha }, { sigma }) => width * height * (alpha === false ? 2e-8 + sigma * 2.5e-9 : 5e-8 + sigma * 6e-9),
};
