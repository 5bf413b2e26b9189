import { colourMatrix } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

/** The sepia() matrix of the W3C Filter Effects spec. */
export function sepiaMatrix(amount: number): number[] {
  const k = 1 - amount;
  return [
    0.393 + 0.607 * k, 0.769 - 0.769 * k, 0.189 - 0.189 * k,
    0.349 - 0.349 * k, 0.686 + 0.314 * k, 0.168 - 0.168 * k,
    0.272 - 0.272 * k, 0.534 - 0.534 * k, 0.131 + 0.869 * k,
  ];
}

export const run: PixelRun<ParamsOf<typeof meta>> = (vips, image, { amount }) =>
  colourMatrix(vips, image, sepiaMatrix(amount));
