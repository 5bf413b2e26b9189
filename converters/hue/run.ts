import { colourMatrix } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

/** The hue-rotate() matrix of the W3C Filter Effects spec. */
export function hueMatrix(degrees: number): number[] {
  const rad = (degrees * Math.PI) / 180;
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return [
    0.213 + c * 0.787 - s * 0.213, 0.715 - c * 0.715 - s * 0.715, 0.072 - c * 0.072 + s * 0.928,
    0.213 - c * 0.213 + s * 0.143, 0.715 + c * 0.285 + s * 0.14, 0.072 - c * 0.072 - s * 0.283,
    0.213 - c * 0.213 - s * 0.787, 0.715 - c * 0.715 + s * 0.715, 0.072 + c * 0.928 + s * 0.072,
  ];
}

export const run: PixelRun<ParamsOf<typeof meta>> = (vips, image, { degrees }) =>
  colourMatrix(vips, image, hueMatrix(degrees));
