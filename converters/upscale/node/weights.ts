// The ESRGAN weights from the installed package, as a Net.
import { join } from "node:path";
import { kerasNet } from "../../ml/keras";
import type { Net } from "../../ml/net";
import { installedPackage, readTfjsModel } from "../../ml/node/tfjs-files";
import { type Scale, WEIGHTS_PACKAGE } from "../model";

/** "@upscalerjs/esrgan-medium@1.0.0": part of every cache key, so new weights never meet an old graph. */
export function weightsSource(): string {
  return `${WEIGHTS_PACKAGE}@${installedPackage(WEIGHTS_PACKAGE).version}`;
}

export function esrganNet(scale: Scale): Net {
  return kerasNet(readTfjsModel(join(installedPackage(WEIGHTS_PACKAGE).dir, "models", `x${scale}`)));
}
