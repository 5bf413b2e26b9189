// The on-device upscaler's download: the same forward graph the server generates, one per scale.
import { buildForwardGraph } from "../ml/forward-graph";
import type { ModelExport } from "../ml/model-export";
import { receptiveField } from "../ml/net";
import { GRAPH_FORMAT, SCALES } from "./model";
import { esrganNet, weightsSource } from "./node/weights";

export const models: ModelExport[] = SCALES.map((scale) => {
  const net = esrganNet(scale);
  return {
    name: `esrgan-x${scale}`,
    extension: "onnx",
    source: `${weightsSource()}|x${scale}|graph-${GRAPH_FORMAT}`,
    build: () => buildForwardGraph(net, `esrgan-x${scale}`),
    meta: { margin: receptiveField(net).margin, scale },
  };
});
