import { premultiplied } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

type Params = ParamsOf<typeof meta>;

/** The target size for an input size; shared with the loader's shrink-on-load fast path. */
export function targetSize(width: number, height: number, p: Params): { width: number; height: number } {
  let scale: number;
  if (p.width && p.height) scale = Math.min(p.width / width, p.height / height);
  else if (p.width) scale = p.width / width;
  else if (p.height) scale = p.height / height;
  else scale = p.percent / 100;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export const run: PixelRun<Params> = (_vips, image, params) => {
  const target = targetSize(image.width, image.height, params);
  if (target.width === image.width && target.height === image.height) return image;
  return premultiplied(image, (img) =>
    img.resize(target.width / image.width, { vscale: target.height / image.height, kernel: "lanczos3" }),
  );
};
