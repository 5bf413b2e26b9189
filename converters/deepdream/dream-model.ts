// What the Node session and the browser session share: which graph a layer choice needs, and
// how a session's output becomes the dream loop's gradient. Only the runtime module differs
// (onnxruntime-node or onnxruntime-web; both implement onnxruntime-common's API).
import type { InferenceSession, Tensor } from "onnxruntime-common";
import type { GradientFn } from "./dream";
import { DREAM_LAYERS, type DreamLayer } from "./meta";
import { type Net, prune } from "../ml/net";
import { buildDreamGraph, type DreamGraphSpec } from "./onnx-graph";
import { CHANNELS } from "./planar";

/** Each layer once, in a fixed order: one graph per distinct choice. */
export const chosenLayers = (layers: DreamLayer[]): DreamLayer[] => [...new Set(layers)].sort();

/** The deepest chosen layer: the trunk is needed up to it and no further. */
export const deepestLayer = (layers: DreamLayer[]): DreamLayer => DREAM_LAYERS[Math.max(...layers.map((l) => DREAM_LAYERS.indexOf(l)))]!;

/**
 * The serialised dream graph (forward and backward) for the chosen layers, equally weighted.
 * WebGPU gets MaxPool's backward by masks, as its provider has no MaxPool Indices.
 */
export function dreamModel(trunk: Net, layers: DreamLayer[], maxPoolBackward: DreamGraphSpec["maxPoolBackward"] = "indices"): Uint8Array {
  const chosen = chosenLayers(layers);
  return buildDreamGraph(prune(trunk, chosen), { layers: Object.fromEntries(chosen.map((l) => [l, 1])), maxPoolBackward });
}

/** A GradientFn over a session of the dream graph (onnxruntime-node's, or the ML layer's web runner). */
export function sessionGradient(session: Pick<InferenceSession, "run"> | { run(feeds: Record<string, Tensor>, fetches: string[]): Promise<Record<string, Tensor>> }, TensorClass: typeof Tensor): GradientFn {
  return async (tile, height, width) => {
    const input = new TensorClass("float32", tile, [1, CHANNELS, height, width]);
    const out = await (session as { run(feeds: Record<string, Tensor>, fetches: string[]): Promise<Record<string, Tensor>> }).run({ x: input }, ["grad"]);
    const grad = out.grad!;
    // On WebGPU the output may live on the GPU; getData() downloads it (a no-op on the CPU).
    const data = (await grad.getData(true)) as Float32Array;
    return data;
  };
}
