import type { CostOf } from "../types";
import type { meta } from "./meta";

export const cost: CostOf<typeof meta> = {
  // Unrounded and unclamped: the plan refuses a result under one pixel or over the limit.
  outputSize: ({ width, height }, p) => {
    let scale: number;
    if (p.width && p.height) scale = Math.min(p.width / width, p.height / height);
    else if (p.width) scale = p.width / width;
    else if (p.height) scale = p.height / height;
    else scale = p.percent / 100;
    return { width: width * scale, height: height * scale };
  },
};
