import type { CostOf } from "../types";
import type { meta } from "./meta";

export const cost: CostOf<typeof meta> = {
  // As run.ts clamps it: never under one pixel, never past the edge.
  outputSize: ({ width, height }, p) => ({
    width: Math.max(1, Math.min(width - Math.min(width - 1, Math.round((width * p.left) / 100)), Math.round((width * p.width) / 100))),
    height: Math.max(1, Math.min(height - Math.min(height - 1, Math.round((height * p.top) / 100)), Math.round((height * p.height) / 100))),
  }),
};
