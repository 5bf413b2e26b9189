// ESRGAN on onnxruntime-node: the graph for a scale is generated once into the cache directory.
import { buildForwardGraph } from "../../ml/forward-graph";
import { receptiveField } from "../../ml/net";
import { cachedModelFile, openSession, Tensor } from "../../ml/node/sessions";
import { GRAPH_FORMAT, type Scale, type Upscaler } from "../model";
import { esrganNet, weightsSource } from "./weights";

// Per thread: the weights are read and converted once per scale, not on every job.
const files = new Map<string, { file: string; margin: number }>();

export function upscalerFile(scale: Scale, cacheDir: string): { file: string; margin: number } {
  const key = `${scale}|${cacheDir}`;
  let known = files.get(key);
  if (!known) {
    const net = esrganNet(scale);
    const file = cachedModelFile(cacheDir, `esrgan-x${scale}`, { GRAPH_FORMAT, weights: weightsSource(), scale }, () => buildForwardGraph(net, `esrgan-x${scale}`));
    files.set(key, (known = { file, margin: receptiveField(net).margin }));
  }
  return known;
}

export async function nodeUpscaler(scale: Scale, cacheDir: string, threads?: number): Promise<Upscaler> {
  const { file, margin } = upscalerFile(scale, cacheDir);
  const session = await openSession(file, threads);
  return {
    scale,
    margin,
    channels: 3,
    run: async (tile, height, width) => {
      const out = await session.run({ x: new Tensor("float32", tile, [1, 3, height, width]) });
      return out.y!.data as Float32Array;
    },
  };
}
