import type { ServerRun } from "../types";
import { type DreamParams, dreamImage } from "./dream-image";
import { dreamGradient } from "./node/session";

export const run: ServerRun<DreamParams> = (vips, image, params, context) =>
  dreamImage(vips, image, params, () => dreamGradient(params.layers, context.cacheDir, context.threads), context);
