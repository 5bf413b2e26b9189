import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, p) => {
  const left = Math.min(image.width - 1, Math.round((image.width * p.left) / 100));
  const top = Math.min(image.height - 1, Math.round((image.height * p.top) / 100));
  const width = Math.max(1, Math.min(image.width - left, Math.round((image.width * p.width) / 100)));
  const height = Math.max(1, Math.min(image.height - top, Math.round((image.height * p.height) / 100)));
  return image.extractArea(left, top, width, height);
};
