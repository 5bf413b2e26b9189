import { mapValues } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (vips, image, { level }) =>
  mapValues(vips, image.colourspace("b-w"), (v) => (v >= level ? 255 : 0));
