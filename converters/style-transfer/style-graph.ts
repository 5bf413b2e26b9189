// Style transfer's loss (Gatys, Ecker and Bethge, 2016) and its gradient to the image, as one
// ONNX graph: the trunk's forward pass, the losses' seed gradients, ml/backward-graph.ts's
// backward pass, and total variation's gradient, which needs no net.
import { type BackwardOptions, writeBackward, writeForward } from "../ml/backward-graph";
import { channelsOf, type Net } from "../ml/net";
import { GraphWriter, type GraphValue, onnx } from "../ml/onnx-writer";

export interface StyleGraphSpec extends BackwardOptions {
  /** The layer whose activations stay close to the content photo's. */
  content: string;
  /** The layers whose Gram matrices move toward the style photo's. */
  style: readonly string[];
}

/** The style graph's inputs besides `x`: targets and weights, fed each run, so one graph serves every strength. */
export const styleInputs = (style: readonly string[]) => ({
  contentTarget: "content_target",
  contentWeight: "content_weight",
  tvWeight: "tv_weight",
  gramTargets: style.map((_, i) => `gram_target_${i}`),
  styleWeights: style.map((_, i) => `style_weight_${i}`),
});

/** Its outputs besides `grad` and `loss`: the parts of the loss, and the features targets are made of. */
export const styleOutputs = (style: readonly string[]) => ({
  contentLoss: "content_loss",
  styleLoss: "style_loss",
  tvLoss: "tv_loss",
  contentFeatures: "content_features",
  grams: style.map((_, i) => `gram_${i}`),
});

/**
 * Inputs: `x` [1, 3, H, W], any H and W; `content_target`, the content layer's activations of the
 * content photo at this size (any broadcastable shape when only features are fetched);
 * `gram_target_i` [C, C]; the scalar weights. With F the layer's activations as [C, N] and
 * G = F·Fᵀ/N, the loss is
 *   content_weight·Σ(A − P)² + Σᵢ style_weight_i·Σ(Gᵢ − Sᵢ)² + tv_weight·Σ(neighbour differences²),
 * and `grad` is its gradient to x. The caller folds normalisers into the weights (transfer.ts).
 */
export function buildStyleGraph(net: Net, spec: StyleGraphSpec): Uint8Array {
  const g = new GraphWriter();
  const forward = writeForward(g, net, spec);
  const channels = channelsOf(net);
  const inputs = styleInputs(spec.style);
  const outputs = styleOutputs(spec.style);
  const asFloat = (value: string) => g.one("Cast", [value], { to: onnx.TensorProto.DataType.FLOAT });
  const sumOfSquares = (value: string) => g.one("ReduceSum", [g.one("Mul", [value, value])], { keepdims: 0 });
  const seeds = new Map<string, string[]>();
  const seed = (layer: string, grad: string) => seeds.set(layer, [...(seeds.get(layer) ?? []), grad]);
  const two = g.floats([2], []);

  // Content: ∂(w·Σ(A − P)²)/∂A = 2w(A − P).
  const a = forward.value(spec.content);
  const diff = g.one("Sub", [a, inputs.contentTarget]);
  const contentLoss = g.one("Mul", [sumOfSquares(diff), inputs.contentWeight]);
  seed(spec.content, g.one("Mul", [diff, g.one("Mul", [inputs.contentWeight, two])]));

  // Style: ∂(w·Σ(G − S)²)/∂F = 4w(G − S)·F/N, as G and S are symmetric.
  const styleLosses = spec.style.map((layer, i) => {
    const value = forward.value(layer);
    const f = g.one("Reshape", [value, g.int64s([channels.get(layer)!, -1])]);
    const n = asFloat(g.one("Shape", [f], { start: 1 }));
    const gram = g.one("Div", [g.one("MatMul", [f, g.one("Transpose", [f], { perm: [1, 0] })]), n]);
    g.output(gram, outputs.grams[i]!);
    const d = g.one("Sub", [gram, inputs.gramTargets[i]!]);
    const weight = inputs.styleWeights[i]!;
    const df = g.one("Div", [g.one("Mul", [g.one("MatMul", [d, f]), g.one("Mul", [weight, g.floats([4], [])])]), n]);
    seed(layer, g.one("Reshape", [df, g.one("Shape", [value])]));
    return g.one("Mul", [sumOfSquares(d), weight]);
  });
  const styleLoss = styleLosses.length === 1 ? styleLosses[0]! : g.one("Sum", styleLosses);

  // Total variation on the image itself: each difference pulls its two pixels together.
  const end = g.int64s([2 ** 31 - 1]);
  const tvParts = [2, 3].map((axis) => {
    const axes = g.int64s([axis]);
    const d = g.one("Sub", [g.one("Slice", [`x`, g.int64s([1]), end, axes]), g.one("Slice", ["x", g.int64s([0]), g.int64s([-1]), axes])]);
    const pad = (before: boolean) => g.int64s(Array.from({ length: 8 }, (_, k) => (k === (before ? axis : axis + 4) ? 1 : 0)));
    const grad = g.one("Sub", [g.one("Pad", [d, pad(true)]), g.one("Pad", [d, pad(false)])]);
    return { loss: sumOfSquares(d), grad };
  });
  const tvLoss = g.one("Mul", [g.one("Add", [tvParts[0]!.loss, tvParts[1]!.loss]), inputs.tvWeight]);
  const tvGrad = g.one("Mul", [g.one("Add", [tvParts[0]!.grad, tvParts[1]!.grad]), g.one("Mul", [inputs.tvWeight, two])]);

  g.output(g.one("Add", [writeBackward(forward, seeds), tvGrad]), "grad");
  g.output(g.one("Sum", [contentLoss, styleLoss, tvLoss]), "loss");
  g.output(contentLoss, outputs.contentLoss);
  g.output(styleLoss, outputs.styleLoss);
  g.output(tvLoss, outputs.tvLoss);
  g.output(a, outputs.contentFeatures);

  const scalar = (name: string): GraphValue => ({ name, scalar: true });
  const gram = (layer: string, name: string): GraphValue => ({ name, dims: [channels.get(layer)!, channels.get(layer)!] });
  return g.encode(
    "style-transfer",
    [
      { name: "x", channels: net.inputChannels },
      { name: inputs.contentTarget, dims: ["tn", "tc", "th", "tw"] },
      scalar(inputs.contentWeight),
      scalar(inputs.tvWeight),
      ...spec.style.map((layer, i) => gram(layer, inputs.gramTargets[i]!)),
      ...spec.style.map((_, i) => scalar(inputs.styleWeights[i]!)),
    ],
    [
      { name: "grad", channels: net.inputChannels },
      scalar("loss"),
      scalar(outputs.contentLoss),
      scalar(outputs.styleLoss),
      scalar(outputs.tvLoss),
      { name: outputs.contentFeatures, channels: channels.get(spec.content)! },
      ...spec.style.map((layer, i) => gram(layer, outputs.grams[i]!)),
    ],
  );
}

/** The net with every max pool replaced by an average pool of the same window (Gatys et al.: smoother gradients). */
export function averagePooled(net: Net): Net {
  return { ...net, nodes: net.nodes.map((node) => (node.op === "maxpool" ? { ...node, op: "avgpool" as const } : node)) };
}
