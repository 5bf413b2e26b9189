import type { DeviceRun } from "../types";
import { type DreamParams, dreamImage } from "./dream-image";
import { meta } from "./meta";
import { webDreamGradient } from "./web/session";

/** The server's converter with the browser's engine, at the device's size cap. */
export const run: DeviceRun<DreamParams> = (vips, image, params, context) =>
  dreamImage(vips, image, { ...params, maxSize: Math.min(params.maxSize, meta.deviceMaxSide!) }, () => webDreamGradient(params.layers, context), context);
