import type { ServerRun } from "../types";
import { shippedStyle, styleEngine } from "./node/engine";
import { type StyleParams, styleImage } from "./style-image";

export const run: ServerRun<StyleParams> = (vips, image, params, context) =>
  styleImage(vips, image, params, { shipped: shippedStyle, engine: (layers) => styleEngine(layers, context.cacheDir, context.threads) }, context);
