import type { DeviceRun } from "../types";
import { type CutoutParams, removeBackground } from "./cutout";
import { webSegmenter } from "./web/segmenter";

/**
 * The server's converter with the browser's engine, at any size the editor opens: the network
 * always sees 320², and only the refinement works at full size.
 */
export const run: DeviceRun<CutoutParams> = (vips, image, params, context) => removeBackground(vips, image, params, () => webSegmenter(context), context);
