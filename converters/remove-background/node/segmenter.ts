// U²-Net-p on onnxruntime-node, straight from the file the weights package ships.
import { join } from "node:path";
import { installedPackage } from "../../ml/node/tfjs-files";
import { openSession, Tensor } from "../../ml/node/sessions";
import { INPUT_NAME, MODEL_FILE, OUTPUT_NAME, type Segmenter, SIDE, WEIGHTS_PACKAGE } from "../model";

export function modelFile(): string {
  return join(installedPackage(WEIGHTS_PACKAGE).dir, MODEL_FILE);
}

export async function nodeSegmenter(threads?: number): Promise<Segmenter> {
  const session = await openSession(modelFile(), threads);
  return async (input) => {
    const out = await session.run({ [INPUT_NAME]: new Tensor("float32", input, [1, 3, SIDE, SIDE]) }, [OUTPUT_NAME]);
    return out[OUTPUT_NAME]!.data as Float32Array;
  };
}
