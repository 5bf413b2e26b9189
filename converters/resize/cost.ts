import type { CostOf, ParamsOf, Size } from "../types";
import type { meta } from "./meta";

type Params = ParamsOf<typeof meta>;

// Unrounded and unclamped: the plan refuses a result under one pixel or over the limit.
function outputSize({ width, height }: Size, p: Params): Size {
  let scale: number;
  if (p.width && p.height) scale = Math.min(p.width / width, p.height / height);
  else if (p.width) scale = p.width / width;
  else if (p.height) scale = p.height / height;
  else scale = p.percent / 100;
  return { width: width * scale, height: height * scale };
}

export const cost: CostOf<typeof meta> = {
  outputSize,
  // Shrinking to a size in pixels: an input already that size gives the same result. (A percent
  // follows the input, so a smaller input would give a smaller result: every pixel counts.)
  usedInput: (size, p) => {
    if (!p.width && !p.height) return undefined;
    const out = outputSize(size, p);
    return out.width < size.width ? out : undefined;
  },
};
