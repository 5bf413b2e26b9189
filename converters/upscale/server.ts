import type { ServerRun } from "../types";
import { nodeUpscaler } from "./node/upscaler";
import { type UpscaleParams, upscaleImage } from "./upscale-image";

export const run: ServerRun<UpscaleParams> = (vips, image, params, context) =>
  upscaleImage(vips, image, params, (scale) => nodeUpscaler(scale, context.cacheDir, context.threads), context);
