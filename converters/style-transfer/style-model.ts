// What the Node session and the browser session share: the graph for a layer choice, and how a
// session's inputs and outputs become transfer.ts' engine. Only the runtime module differs
// (onnxruntime-node or onnxruntime-web; both implement onnxruntime-common's API).
import type { Tensor } from "onnxruntime-common";
import { deepestLayer } from "../deepdream/dream-model";
import type { DreamLayer } from "../deepdream/layers";
import { channelsOf, type Net, prune } from "../ml/net";
import { CHANNELS, type Planar } from "../deepdream/planar";
import { LAYER_NAMES, STYLE_TRANSFER_LAYERS, type StyleTransferLayer } from "./layers";
import { averagePooled, buildStyleGraph, styleInputs, styleOutputs } from "./style-graph";
import type { Features, StyleEngine, Weights } from "./transfer";

export interface LayerChoice {
  content: StyleTransferLayer;
  style: StyleTransferLayer[];
}

/** Each style layer once, in the trunk's order: one graph per distinct choice. */
export const chosenLayers = ({ content, style }: LayerChoice): LayerChoice => ({ content, style: LAYER_NAMES.filter((l) => style.includes(l)) });

/** A name for the graph of a layer choice, for caches. */
export const graphKey = (layers: LayerChoice): string => {
  const { content, style } = chosenLayers(layers);
  return `style-transfer-${content}-${style.join("+")}`;
};

/** The trunk must reach the deepest layer read; the stem's layers are all before mixed0. */
export function deepestDreamLayer({ content, style }: LayerChoice): DreamLayer {
  const mixed = [content, ...style].filter((l): l is DreamLayer => l.startsWith("mixed"));
  return mixed.length ? deepestLayer(mixed) : "mixed0";
}

/**
 * The serialised style graph on the trunk, its max pools averaged by default (Gatys et al.: a max
 * pool's gradient reaches one pixel in each window, which shows as speckle); "max" keeps them,
 * for the before-and-after in docs/style-transfer.
 */
export function styleModel(trunk: Net, layers: LayerChoice, maxPoolBackward: "indices" | "masks" = "indices", pooling: "average" | "max" = "average"): Uint8Array {
  const { content, style } = chosenLayers(layers);
  const names = [content, ...style].map((l) => STYLE_TRANSFER_LAYERS[l]);
  const spec = { content: STYLE_TRANSFER_LAYERS[content], style: style.map((l) => STYLE_TRANSFER_LAYERS[l]), maxPoolBackward };
  const net = prune(trunk, names);
  return buildStyleGraph(pooling === "average" ? averagePooled(net) : net, spec);
}

type Run = (feeds: Record<string, Tensor>, fetches: string[]) => Promise<Record<string, Tensor>>;

/** transfer.ts' engine over a session of the style graph (onnxruntime-node's, or the ML layer's web runner). */
export function sessionEngine(run: Run, TensorClass: typeof Tensor, trunk: Net, layers: LayerChoice): StyleEngine {
  const { style } = chosenLayers(layers);
  const channels = channelsOf(trunk);
  const sizes = style.map((l) => channels.get(STYLE_TRANSFER_LAYERS[l])!);
  const inputs = styleInputs(style);
  const outputs = styleOutputs(style);
  const scalar = (v: number) => new TensorClass("float32", Float32Array.of(v), []);
  const data = async (t: Tensor) => (await t.getData(true)) as Float32Array;
  const feedsFor = (image: Planar, contentTarget: Features["content"] | undefined, grams: Float32Array[] | undefined, weights: Weights) => {
    const feeds: Record<string, Tensor> = {
      x: new TensorClass("float32", image.data, [1, CHANNELS, image.height, image.width]),
      [inputs.contentTarget]: contentTarget ? new TensorClass("float32", contentTarget.data, contentTarget.dims) : new TensorClass("float32", new Float32Array(1), [1, 1, 1, 1]),
      [inputs.contentWeight]: scalar(weights.content),
      [inputs.tvWeight]: scalar(weights.tv),
    };
    sizes.forEach((c, i) => {
      feeds[inputs.gramTargets[i]!] = new TensorClass("float32", grams?.[i] ?? new Float32Array(c * c), [c, c]);
      feeds[inputs.styleWeights[i]!] = scalar(weights.style[i] ?? 0);
    });
    return feeds;
  };
  const none: Weights = { content: 0, tv: 0, style: [] };
  return {
    async features(image) {
      const out = await run(feedsFor(image, undefined, undefined, none), [outputs.contentFeatures, ...outputs.grams]);
      const content = out[outputs.contentFeatures]!;
      return { content: { data: await data(content), dims: [...content.dims] }, grams: await Promise.all(outputs.grams.map((g) => data(out[g]!))) };
    },
    async evaluate(image, targets, weights) {
      const out = await run(feedsFor(image, targets.content, targets.grams, weights), ["grad", outputs.contentLoss, outputs.styleLoss, outputs.tvLoss]);
      const [grad, content, styleLoss, tv] = await Promise.all(["grad", outputs.contentLoss, outputs.styleLoss, outputs.tvLoss].map((k) => data(out[k]!)));
      return { grad: grad!, content: content![0]!, style: styleLoss![0]!, tv: tv![0]! };
    },
  };
}
