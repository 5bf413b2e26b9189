import { ConversionError } from "../engine/errors";
import type { DeviceRun } from "../types";
import { deviceRefusal } from "./cost";
import { meta } from "./meta";
import { type UpscaleParams, upscaleImage } from "./upscale-image";
import { webUpscaler } from "./web/upscaler";

/** The server's converter with the browser's engine, on photos up to the device's size cap. */
export const run: DeviceRun<UpscaleParams> = (vips, image, params, context) => {
  const refusal = deviceRefusal(image, meta.deviceMaxSide!);
  if (refusal) throw new ConversionError("too-many-pixels", refusal);
  return upscaleImage(vips, image, params, (scale) => webUpscaler(scale, context), context);
};
