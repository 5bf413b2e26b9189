import type { DeviceRun } from "../types";
import { meta } from "./meta";
import { type StyleParams, styleImage } from "./style-image";
import { deviceShippedStyle, deviceStyleEngine } from "./web/engine";

/** The server's converter with the browser's engine, at the device's size cap. */
export const run: DeviceRun<StyleParams> = (vips, image, params, context) =>
  styleImage(vips, image, { ...params, maxSize: Math.min(params.maxSize, meta.deviceMaxSide!) }, { shipped: (style) => deviceShippedStyle(style, context), engine: (layers) => deviceStyleEngine(layers, context) }, context);
