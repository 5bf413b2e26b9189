import { premultiplied } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import { cost } from "./cost";
import type { meta } from "./meta";

type Params = ParamsOf<typeof meta>;

/** The target size for an input size; shared with the loader's shrink-on-load fast path. */
export function targetSize(width: number, height: number, p: Params): { width: number; height: number } {
  const out = cost.outputSize!({ width, height }, p);
  return { width: Math.max(1, Math.round(out.width)), height: Math.max(1, Math.round(out.height)) };
}

export const run: PixelRun<Params> = (_vips, image, params) => {
  const target = targetSize(image.width, image.height, params);
  if (target.width === image.width && target.height === image.height) return image;
  return premultiplied(image, (img) =>
    img.resize(target.width / image.width, { vscale: target.height / image.height, kernel: "lanczos3" }),
  );
};
