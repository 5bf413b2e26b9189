// The on-device dream's download: the InceptionV3 trunk's Keras layers and quantised weights
// (trunk-file.ts), from which the browser builds the dream graph for any layer choice.
import type { ModelExport } from "../ml/model-export";
import { TRUNK_MODEL } from "./export-name";
import { DREAM_LAYERS } from "./meta";
import { readNsfwjsTrunk, weightsSource } from "./node/inception";
import { encodeTrunk } from "./trunk-file";


export const models: ModelExport[] = [
  { name: TRUNK_MODEL, extension: "bin", source: `${weightsSource()}|trunk-file-1`, build: () => encodeTrunk(readNsfwjsTrunk(DREAM_LAYERS.at(-1)!)) },
];
