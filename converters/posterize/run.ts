import { mapValues } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (vips, image, { levels }) => {
  const steps = levels - 1;
  return mapValues(vips, image, (v) => (Math.round((v / 255) * steps) * 255) / steps);
};
