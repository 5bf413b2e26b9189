// A Net's forward pass and its explicit backward pass to the input, written into one ONNX graph.
// ONNX Runtime has no autograd, so every op's gradient is spelled out: DeepDream's loss and style
// transfer's seed the gradients of the layers they read, and this carries them to the image.
import { channelsOf, type ConvNode, type Net, type PoolNode } from "./net";
import { GraphWriter, onnx, windowPads } from "./onnx-writer";

export interface BackwardOptions {
  /**
   * How MaxPool's gradient is routed: by its Indices output and a scatter-add (the default; the
   * fastest on the CPU providers), or by comparing each window with its max ("masks"), for
   * ONNX Runtime's WebGPU provider, which produces no Indices. The same gradient but for ties.
   */
  maxPoolBackward?: "indices" | "masks";
}

/** The forward pass written so far: each net value's graph name, and MaxPool's indices. */
export interface Forward {
  g: GraphWriter;
  net: Net;
  value: (name: string) => string;
  indices: Map<string, string>;
  byMasks: boolean;
}

/** Writes the net's forward pass from the graph input `x`. */
export function writeForward(g: GraphWriter, net: Net, options: BackwardOptions = {}): Forward {
  const value = new Map<string, string>([[net.input, "x"]]);
  const indices = new Map<string, string>();
  const byMasks = options.maxPoolBackward === "masks";
  const v = (name: string) => {
    const named = value.get(name);
    if (!named) throw new Error(`Layer ${name} is not in the net`);
    return named;
  };
  for (const node of net.nodes) {
    if (node.op === "upsample" || node.op === "scale" || node.op === "depth-to-space") throw new Error(`${node.name}: no backward pass is written for ${node.op}`);
    if (node.op === "conv") {
      const { pads } = windowPads(node);
      const w = g.floats(node.weight, [node.outChannels, node.inChannels, ...node.kernel]);
      const b = g.floats(node.bias);
      value.set(node.name, g.one("Conv", [v(node.input), w, b], { kernel_shape: node.kernel, strides: node.strides, pads }));
    } else if (node.op === "relu") value.set(node.name, g.one("Relu", [v(node.input)]));
    else if (node.op === "maxpool") {
      const [y, i] = g.op("MaxPool", [v(node.input)], { kernel_shape: node.kernel, strides: node.strides, pads: windowPads(node).pads }, byMasks ? 1 : 2);
      value.set(node.name, y!);
      if (i) indices.set(node.name, i);
    } else if (node.op === "avgpool") {
      const attrs = { kernel_shape: node.kernel, strides: node.strides, pads: windowPads(node).pads, count_include_pad: 0 };
      value.set(node.name, g.one("AveragePool", [v(node.input)], attrs));
    } else if (node.op === "concat") value.set(node.name, g.one("Concat", node.inputs.map(v), { axis: 1 }));
    else if (node.op === "add") value.set(node.name, node.inputs.length === 2 ? g.one("Add", node.inputs.map(v)) : g.one("Sum", node.inputs.map(v)));
  }
  return { g, net, value: v, indices, byMasks };
}

/** OIHW → IOHW, rotated 180°: the kernel whose correlation is a stride-1 conv's transpose. */
function flippedTransposed(conv: ConvNode): Float32Array {
  const [kh, kw] = conv.kernel;
  const { inChannels: ci, outChannels: co, weight } = conv;
  const out = new Float32Array(weight.length);
  for (let o = 0; o < co; o++)
    for (let i = 0; i < ci; i++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) out[((i * co + o) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)] = weight[((o * ci + i) * kh + y) * kw + x]!;
  return out;
}

/**
 * Carries the seed gradients (∂loss/∂layer, several per layer are summed) back to the input,
 * in reverse topological order, summing where a value has several consumers. Returns ∂loss/∂x.
 */
export function writeBackward({ g, net, value: v, indices, byMasks }: Forward, seeds: Map<string, string[]>): string {
  const channels = channelsOf(net);
  const zero = g.floats([0], []);
  const grads = new Map<string, string[]>([...seeds].map(([k, parts]) => [k, [...parts]]));
  const addGrad = (name: string, grad: string) => grads.set(name, [...(grads.get(name) ?? []), grad]);
  // Cuts a transposed op's output back to its forward input's size; odd sizes leave a row over.
  const cropTo = (grad: string, like: string) => g.one("Slice", [grad, g.int64s([0, 0]), g.one("Shape", [like], { start: 2 }), g.int64s([2, 3])]);

  for (const node of [...net.nodes].reverse()) {
    const parts = grads.get(node.name);
    if (!parts) continue;
    const dy = parts.length === 1 ? parts[0]! : g.one("Sum", parts);
    if (node.op === "relu") {
      addGrad(node.input, g.one("Where", [g.one("Greater", [v(node.name), zero]), dy, zero]));
    } else if (node.op === "conv") {
      const { pads, back } = windowPads(node);
      if (node.strides.every((s) => s === 1)) {
        const wt = g.floats(flippedTransposed(node), [node.inChannels, node.outChannels, ...node.kernel]);
        addGrad(node.input, g.one("Conv", [dy, wt], { kernel_shape: node.kernel, pads: back }));
      } else {
        const w = g.floats(node.weight, [node.outChannels, node.inChannels, ...node.kernel]);
        const attrs = { kernel_shape: node.kernel, strides: node.strides, pads, output_padding: node.strides.map((s) => s - 1) };
        addGrad(node.input, cropTo(g.one("ConvTranspose", [dy, w], attrs), v(node.input)));
      }
    } else if (node.op === "maxpool" && byMasks) {
      addGrad(node.input, maxPoolBackwardByMasks(g, node, dy, v(node.input), v(node.name), channels.get(node.input)!, cropTo));
    } else if (node.op === "maxpool") {
      // MaxUnpool would let overlapping windows overwrite each other; a scatter-add sums them.
      const x = v(node.input);
      const flat = g.int64s([-1]);
      const zeros = g.one("Reshape", [g.one("ConstantOfShape", [g.one("Shape", [x])]), flat]);
      const summed = g.one("ScatterElements", [zeros, g.one("Reshape", [indices.get(node.name)!, flat]), g.one("Reshape", [dy, flat])], {
        axis: 0,
        reduction: "add",
      });
      addGrad(node.input, g.one("Reshape", [summed, g.one("Shape", [x])]));
    } else if (node.op === "avgpool") {
      addGrad(node.input, avgPoolBackward(g, node, dy, v(node.input), channels.get(node.input)!, cropTo));
    } else if (node.op === "concat") {
      const sizes = node.inputs.map((i) => channels.get(i)!);
      const split = g.op("Split", [dy, g.int64s(sizes)], { axis: 1 }, sizes.length);
      node.inputs.forEach((input, k) => addGrad(input, split[k]!));
    } else if (node.op === "add") for (const input of node.inputs) addGrad(input, dy);
  }
  const dx = grads.get(net.input);
  if (!dx) throw new Error("No chosen layer depends on the input");
  return dx.length === 1 ? dx[0]! : g.one("Sum", dx);
}

/**
 * AveragePool (padding not counted) backward. At stride 1 each output's gradient is divided by
 * its window's count and summed back over the window, which is a padded AveragePool times k².
 * At larger strides (valid padding, so every count is k²) a ones-kernel ConvTranspose per channel.
 */
function avgPoolBackward(g: GraphWriter, node: PoolNode, dy: string, x: string, channels: number, cropTo: (grad: string, like: string) => string): string {
  const [kh, kw] = node.kernel;
  const area = kh * kw;
  const { pads, back } = windowPads(node);
  if (node.strides.every((s) => s === 1)) {
    // Window counts differ at the borders: pool a ones image the same way, counting padding.
    const ones = g.one("ConstantOfShape", [g.one("Concat", [g.int64s([1, 1]), g.one("Shape", [x], { start: 2 })], { axis: 0 })], {
      value: { tensor: { dims: [1], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [1] } },
    });
    const countOverArea = g.one("AveragePool", [ones], { kernel_shape: node.kernel, pads, count_include_pad: 1 });
    const perWindow = g.one("Div", [dy, g.one("Mul", [countOverArea, g.floats([area], [])])]);
    const summed = g.one("AveragePool", [perWindow], { kernel_shape: node.kernel, pads: back, count_include_pad: 1 });
    return g.one("Mul", [summed, g.floats([area], [])]);
  }
  if (node.padding !== "valid") throw new Error(`${node.name}: "same" average pooling needs stride 1`);
  const ones = g.floats(new Float32Array(channels * area).fill(1 / area), [channels, 1, kh, kw]);
  const attrs = { kernel_shape: node.kernel, strides: node.strides, group: channels, output_padding: node.strides.map((s) => s - 1) };
  return cropTo(g.one("ConvTranspose", [dy, ones], attrs), x);
}

/**
 * MaxPool backward without its Indices output, which ONNX Runtime's WebGPU provider does not
 * produce: for each of the k² window offsets, the inputs equal to their window's max take that
 * window's gradient (shared equally on ties, so the sum is kept), and one grouped ConvTranspose
 * with one-hot kernels puts every offset's share back in place. Overlapping windows add up.
 * On onnxruntime-node a dream step at 512² took 365 ms this way against 281 ms by scatter-add.
 */
function maxPoolBackwardByMasks(g: GraphWriter, node: PoolNode, dy: string, x: string, y: string, channels: number, cropTo: (grad: string, like: string) => string): string {
  const [kh, kw] = node.kernel;
  const [sh, sw] = node.strides;
  const { pads } = windowPads(node);
  const padded = pads.some((p) => p > 0) ? g.one("Pad", [x, g.int64s([0, 0, pads[0]!, pads[1]!, 0, 0, pads[2]!, pads[3]!]), g.floats([-3.4e38], [])]) : x;
  const outSize = g.one("Shape", [y], { start: 2 });
  const lastStart = g.one("Mul", [g.one("Sub", [outSize, g.int64s([1, 1])]), g.int64s([sh, sw])]);
  const masks: string[] = [];
  for (let u = 0; u < kh; u++)
    for (let w = 0; w < kw; w++) {
      const window = g.one("Slice", [padded, g.int64s([u, w]), g.one("Add", [lastStart, g.int64s([u + 1, w + 1])]), g.int64s([2, 3]), g.int64s([sh, sw])]);
      masks.push(g.one("Cast", [g.one("Equal", [window, y])], { to: onnx.TensorProto.DataType.FLOAT }));
    }
  const share = g.one("Div", [dy, g.one("Sum", masks)]);
  const stacked = g.one("Concat", masks.map((m) => g.one("Unsqueeze", [g.one("Mul", [m, share]), g.int64s([2])])), { axis: 2 });
  const area = kh * kw;
  const flat = g.one("Reshape", [stacked, g.one("Concat", [g.int64s([1, channels * area]), outSize], { axis: 0 })]);
  // Input channel c·k² + offset carries channel c's share at that offset: a one at the offset.
  const oneHot = new Float32Array(channels * area * area);
  for (let c = 0; c < channels; c++) for (let k = 0; k < area; k++) oneHot[(c * area + k) * area + k] = 1;
  const attrs = { kernel_shape: node.kernel, strides: node.strides, group: channels, output_padding: [sh - 1, sw - 1] };
  const back = cropTo(g.one("ConvTranspose", [flat, g.floats(oneHot, [channels * area, 1, kh, kw])], attrs), padded);
  if (padded === x) return back;
  const start = g.int64s([pads[0]!, pads[1]!]);
  return g.one("Slice", [back, start, g.one("Add", [g.one("Shape", [x], { start: 2 }), start]), g.int64s([2, 3])]);
}
