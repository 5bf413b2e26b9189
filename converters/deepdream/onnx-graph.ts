// Writes a Net as one ONNX graph that returns the dream loss and its gradient with respect to
// the image: the forward pass, the loss's seed gradients, and ml/backward-graph.ts's backward pass.
import { type BackwardOptions, writeBackward, writeForward } from "../ml/backward-graph";
import type { Net } from "../ml/net";
import { GraphWriter, onnx } from "../ml/onnx-writer";

export { OPSET } from "../ml/onnx-writer";

export interface DreamGraphSpec extends BackwardOptions {
  /** Layers whose activations the dream amplifies, with their weights in the loss. */
  layers: Record<string, number>;
}

/**
 * Builds the forward pass to the chosen layers and the backward pass to the input. Inputs:
 * `x` [1, C, H, W] with any H and W. Outputs: `loss` = Σ w·½·mean(a²) over the layers, and
 * `grad` = ∂loss/∂x. Returns a serialised ModelProto.
 */
export function buildDreamGraph(net: Net, spec: DreamGraphSpec): Uint8Array {
  const g = new GraphWriter();
  const forward = writeForward(g, net, spec);
  const half = g.floats([0.5], []);
  const seeds = new Map<string, string[]>();
  const losses: string[] = [];
  for (const [layer, weight] of Object.entries(spec.layers)) {
    const a = forward.value(layer);
    const scaled = g.one("Mul", [g.one("ReduceMean", [g.one("Mul", [a, a])], { keepdims: 0 }), g.floats([weight], [])]);
    losses.push(g.one("Mul", [scaled, half]));
    // ∂(w·½·mean(a²))/∂a = a·w/numel(a)
    const numel = g.one("Cast", [g.one("Size", [a])], { to: onnx.TensorProto.DataType.FLOAT });
    seeds.set(layer, [g.one("Mul", [a, g.one("Div", [g.floats([weight], []), numel])])]);
  }
  g.output(writeBackward(forward, seeds), "grad");
  g.output(losses.length === 1 ? losses[0]! : g.one("Sum", losses), "loss");
  return g.encode("deepdream", [{ name: "x", channels: net.inputChannels }], [
    { name: "grad", channels: net.inputChannels },
    { name: "loss", scalar: true },
  ]);
}
