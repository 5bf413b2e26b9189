import type { CostOf } from "../types";
import type { meta } from "./meta";

// Sharpening blurs the lightness in Lab: about 6σ taps per pixel, dearer than a plain blur's
// (a 40 MP photo at σ = 20 ran 20–26 s on the reference worker).
const SECONDS_PER_TAP = 5e-9;

export const cost: CostOf<typeof meta> = {
  workSeconds: ({ width, height }, { sigma }) => 0.05 + width * height * (6e-8 + 6 * sigma * SECONDS_PER_TAP),
};
