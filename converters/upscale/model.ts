// Which pretrained ESRGAN this converter runs: idealo's RDN architecture as upscalerjs ships it
// (MIT), chosen over "slim" by measured quality (README, "AI upscale") (README, "AI upscale"). No Node APIs.
import type { TileModel } from "../ml/tiles";

export const WEIGHTS_PACKAGE = "@upscalerjs/esrgan-medium";
export const SCALES = [2, 4] as const;
export type Scale = (typeof SCALES)[number];

/** The network's pixel range in and out: 0–255, as the weights were trained. */
export const PIXEL_RANGE = 255;

/** Graph format: raise when the export changes what it writes, so cached files are rebuilt. */
export const GRAPH_FORMAT = 1;

/** A loaded upscaler for one scale, on whichever runtime. */
export type Upscaler = TileModel;
