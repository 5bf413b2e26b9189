import { colourMatrix } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

/** The saturate() matrix of the W3C Filter Effects spec. */
export function saturateMatrix(s: number): number[] {
  return [
    0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s,
    0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s,
    0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s,
  ];
}

export const run: PixelRun<ParamsOf<typeof meta>> = (vips, image, { amount }) =>
  colourMatrix(vips, image, saturateMatrix(amount));
