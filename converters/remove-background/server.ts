import type { ServerRun } from "../types";
import { type CutoutParams, removeBackground } from "./cutout";
import { nodeSegmenter } from "./node/segmenter";

export const run: ServerRun<CutoutParams> = (vips, image, params, context) => removeBackground(vips, image, params, () => nodeSegmenter(context.threads), context);
