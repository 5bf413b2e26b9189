import { premultiplied } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, { size }) => {
  const { width, height } = image;
  // Pad to whole blocks by repeating the edge, so the last partial block averages real pixels.
  const padW = Math.ceil(width / size) * size;
  const padH = Math.ceil(height / size) * size;
  return premultiplied(image, (img) =>
    img
      .embed(0, 0, padW, padH, { extend: "copy" })
      .shrink(size, size)
      .zoom(size, size)
      .extractArea(0, 0, width, height),
  );
};
