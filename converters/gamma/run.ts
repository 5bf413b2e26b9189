import { mapValues } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (vips, image, { gamma }) =>
  mapValues(vips, image, (v) => 255 * Math.pow(v / 255, 1 / gamma));
