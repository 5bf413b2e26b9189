// A Net as a plain inference graph: input `x` [1, C, H, W], output `y`, any H and W.
import { channelsOf, type Net } from "./net";
import { GraphWriter, windowPads } from "./onnx-writer";

export function buildForwardGraph(net: Net, name: string): Uint8Array {
  const g = new GraphWriter();
  const value = new Map<string, string>([[net.input, "x"]]);
  const v = (n: string) => value.get(n)!;
  for (const node of net.nodes) {
    let out: string;
    switch (node.op) {
      case "conv": {
        const w = g.floats(node.weight, [node.outChannels, node.inChannels, ...node.kernel]);
        out = g.one("Conv", [v(node.input), w, g.floats(node.bias)], { kernel_shape: node.kernel, strides: node.strides, pads: windowPads(node).pads });
        break;
      }
      case "relu":
        out = g.one("Relu", [v(node.input)]);
        break;
      case "maxpool":
        out = g.one("MaxPool", [v(node.input)], { kernel_shape: node.kernel, strides: node.strides, pads: windowPads(node).pads });
        break;
      case "avgpool":
        out = g.one("AveragePool", [v(node.input)], { kernel_shape: node.kernel, strides: node.strides, pads: windowPads(node).pads, count_include_pad: 0 });
        break;
      case "concat":
        out = g.one("Concat", node.inputs.map(v), { axis: 1 });
        break;
      case "add":
        out = node.inputs.length === 2 ? g.one("Add", node.inputs.map(v)) : g.one("Sum", node.inputs.map(v));
        break;
      case "scale":
        out = g.one("Mul", [v(node.input), g.floats([node.factor], [])]);
        break;
      case "upsample":
        // Resize's nearest mode with asymmetric coordinates and floor is Keras' nearest UpSampling2D.
        out = g.one("Resize", [v(node.input), "", g.floats([1, 1, node.scale, node.scale])], {
          mode: "nearest",
          coordinate_transformation_mode: "asymmetric",
          nearest_mode: "floor",
        });
        break;
      case "depth-to-space":
        out = g.one("DepthToSpace", [v(node.input)], { blocksize: node.block, mode: "DCR" });
        break;
    }
    value.set(node.name, out);
  }
  const last = net.nodes.at(-1)!;
  g.output(v(last.name), "y");
  return g.encode(name, [{ name: "x", channels: net.inputChannels }], [{ name: "y", channels: channelsOf(net).get(last.name)! }]);
}
