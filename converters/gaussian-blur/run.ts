import { premultiplied } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, { sigma }) =>
  premultiplied(image, (img) => img.gaussblur(sigma));
