// A small intermediate form of a convolutional net, independent of any model: what a Keras
// topology becomes (keras.ts), what the ONNX writers read (DeepDream's forward and backward
// graph, forward-graph.ts for plain inference), and what tests evaluate in float64. NCHW, batch 1.

export type Padding = "same" | "valid";

export interface ConvNode {
  op: "conv";
  name: string;
  input: string;
  /** OIHW, with any batch norm already folded in. */
  weight: Float32Array;
  bias: Float32Array;
  inChannels: number;
  outChannels: number;
  kernel: [number, number];
  strides: [number, number];
  padding: Padding;
}

export interface ReluNode {
  op: "relu";
  name: string;
  input: string;
}

// Unions of single-op members, so that testing `op` narrows to one member.
export type PoolNode = PoolFields & ({ op: "maxpool" } | { op: "avgpool" });
export type MergeNode = { name: string; inputs: string[] } & ({ op: "concat" } | { op: "add" });

interface PoolFields {
  name: string;
  input: string;
  kernel: [number, number];
  strides: [number, number];
  padding: Padding;
}

/** Nearest-neighbour enlargement by an integer factor (Keras UpSampling2D, interpolation "nearest"). */
export interface UpsampleNode {
  op: "upsample";
  name: string;
  input: string;
  scale: number;
}

/** Multiplication by a constant (ESRGAN's MultiplyBeta). */
export interface ScaleNode {
  op: "scale";
  name: string;
  input: string;
  factor: number;
}

/** Channels to space, DCR order as TensorFlow's depth_to_space (ESRGAN's PixelShuffle). */
export interface DepthToSpaceNode {
  op: "depth-to-space";
  name: string;
  input: string;
  block: number;
}

export type NetNode = ConvNode | ReluNode | PoolNode | MergeNode | UpsampleNode | ScaleNode | DepthToSpaceNode;

export interface Net {
  input: string;
  inputChannels: number;
  /** In topological order: every node's inputs come earlier. */
  nodes: NetNode[];
}

export const inputsOf = (node: NetNode): string[] => ("inputs" in node ? node.inputs : [node.input]);

/**
 * Begin and end padding along one axis. The graph takes any image size, so pads must not
 * depend on it: "same" is allowed at stride 1 only (total k−1, smaller half first, as
 * TensorFlow splits it). InceptionV3 pads "same" only at stride 1.
 */
export function padsOf(padding: Padding, kernel: number, stride: number): [number, number] {
  if (padding === "valid") return [0, 0];
  if (stride !== 1) throw new Error(`"same" padding at stride ${stride} depends on the image size; only stride 1 is supported`);
  const before = Math.floor((kernel - 1) / 2);
  return [before, kernel - 1 - before];
}

/** Output length along one axis of a conv or pool. */
export function outLength(length: number, padding: Padding, kernel: number, stride: number): number {
  const [a, b] = padsOf(padding, kernel, stride);
  return Math.floor((length + a + b - kernel) / stride) + 1;
}

/** Channels of every tensor in the net. */
export function channelsOf(net: Net): Map<string, number> {
  const channels = new Map([[net.input, net.inputChannels]]);
  const of = (name: string) => {
    const c = channels.get(name);
    if (c === undefined) throw new Error(`Unknown tensor ${name}`);
    return c;
  };
  for (const node of net.nodes) {
    if (node.op === "conv") {
      if (of(node.input) !== node.inChannels) throw new Error(`${node.name}: expects ${node.inChannels} channels, gets ${of(node.input)}`);
      channels.set(node.name, node.outChannels);
    } else if (node.op === "concat") channels.set(node.name, node.inputs.reduce((sum, i) => sum + of(i), 0));
    else if (node.op === "add") channels.set(node.name, of(node.inputs[0]!));
    else if (node.op === "depth-to-space") channels.set(node.name, of(node.input) / node.block ** 2);
    else channels.set(node.name, of(node.input));
  }
  return channels;
}

/** The nodes the given outputs depend on, in order: the rest of the net is never run. */
export function prune(net: Net, outputs: string[]): Net {
  const needed = new Set(outputs);
  for (const node of [...net.nodes].reverse()) if (needed.has(node.name)) for (const i of inputsOf(node)) needed.add(i);
  for (const o of outputs) if (!net.nodes.some((n) => n.name === o)) throw new Error(`Unknown layer ${o}`);
  return { ...net, nodes: net.nodes.filter((n) => needed.has(n.name)) };
}

/**
 * How far, in input pixels, an output pixel sees: with tiles overlapping by at least this much,
 * each tile's kept centre equals the whole image's result, so tiling leaves no seam. Also the
 * output's scale over the input (an upscaler's factor).
 */
export function receptiveField(net: Net): { margin: number; scale: number } {
  const field = new Map<string, { margin: number; scale: number }>([[net.input, { margin: 0, scale: 1 }]]);
  let last = field.get(net.input)!;
  for (const node of net.nodes) {
    const ins = inputsOf(node).map((i) => field.get(i)!);
    const margin = Math.max(...ins.map((f) => f.margin));
    const scale = ins[0]!.scale;
    let out = { margin, scale };
    if (node.op === "conv" || node.op === "maxpool" || node.op === "avgpool") {
      // "same" at stride 1 reaches its larger pad either side; "valid" reaches k−1 on one side.
      const reach = Math.max(...node.kernel.map((k, axis) => (node.padding === "same" ? Math.max(...padsOf("same", k, node.strides[axis]!)) : k - 1))) / scale;
      out = { margin: margin + reach, scale: scale / Math.max(...node.strides) };
    } else if (node.op === "upsample") out = { margin, scale: scale * node.scale };
    else if (node.op === "depth-to-space") out = { margin, scale: scale * node.block };
    field.set(node.name, out);
    last = out;
  }
  return { margin: Math.ceil(last.margin), scale: last.scale };
}
