// The on-device download: the very ONNX file the server runs, copied from the weights package.
import { readFileSync } from "node:fs";
import type { ModelExport } from "../ml/model-export";
import { installedPackage } from "../ml/node/tfjs-files";
import { MODEL_FILE, MODEL_NAME, WEIGHTS_PACKAGE } from "./model";
import { modelFile } from "./node/segmenter";

export const models: ModelExport[] = [
  {
    name: MODEL_NAME,
    extension: "onnx",
    source: `${WEIGHTS_PACKAGE}@${installedPackage(WEIGHTS_PACKAGE).version}/${MODEL_FILE}`,
    build: () => new Uint8Array(readFileSync(modelFile())),
  },
];
