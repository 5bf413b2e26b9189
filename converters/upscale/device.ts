import { ConversionError } from "../errors";
import type { DeviceRun } from "../types";
import { meta } from "./meta";
import { type UpscaleParams, upscaleImage } from "./upscale-image";
import { webUpscaler } from "./web/upscaler";

/** The server's converter with the browser's engine, on photos up to the device's size cap. */
export const run: DeviceRun<UpscaleParams> = (vips, image, params, context) => {
  const cap = meta.deviceMaxSide!;
  if (Math.max(image.width, image.height) > cap) {
    throw new ConversionError(
      "too-many-pixels",
      `On this device AI upscale takes photos up to ${cap} px on the long side; this one is ${image.width}×${image.height}. Resize it first, or run it on the server.`,
    );
  }
  return upscaleImage(vips, image, params, (scale) => webUpscaler(scale, context), context);
};
