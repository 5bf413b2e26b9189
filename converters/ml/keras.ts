// Keras layers models (tfjs format: a topology and a weights manifest over binary shards) as a
// Net. No Node APIs: the browser builds the same Net from a downloaded model file.
import type { ConvNode, Net, NetNode, Padding } from "./net";

export interface KerasConfig {
  name: string;
  filters?: number;
  kernel_size?: [number, number];
  pool_size?: [number, number];
  strides?: [number, number];
  padding?: Padding;
  activation?: string;
  use_bias?: boolean;
  scale?: boolean;
  center?: boolean;
  epsilon?: number;
  axis?: number;
  size?: [number, number];
  interpolation?: string;
}

export interface KerasLayer {
  name: string;
  class_name: string;
  config: KerasConfig;
  inbound_nodes: [string, number, number, unknown][][];
}

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { min: number; scale: number; dtype: "uint8" | "uint16" };
}

/** A Keras layers model: its layers, their weight entries in order, and those entries' bytes, back to back. */
export interface KerasSource {
  layers: KerasLayer[];
  weights: WeightEntry[];
  bytes: Uint8Array;
}

/** Bytes per stored value of a weight entry. */
export function entryBytes(entry: WeightEntry): number {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const q = entry.quantization;
  return count * (q ? (q.dtype === "uint8" ? 1 : 2) : 4);
}

/** Dequantises (min + scale·q) the weights of the named layers, walking the entries in order. */
function dequantise(source: KerasSource, layers: Set<string>): Map<string, Float32Array> {
  const expected = source.weights.reduce((sum, e) => sum + entryBytes(e), 0);
  if (expected !== source.bytes.length) throw new Error(`The weight entries cover ${expected} bytes of ${source.bytes.length}`);
  const view = new DataView(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const entry of source.weights) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const q = entry.quantization;
    if (entry.dtype !== "float32") throw new Error(`Unexpected weight type ${entry.dtype} for ${entry.name}`);
    if (layers.has(entry.name.split("/")[0]!)) {
      const out = new Float32Array(count);
      const size = entryBytes(entry) / count;
      for (let i = 0; i < count; i++) {
        const at = offset + i * size;
        out[i] = !q ? view.getFloat32(at, true) : q.min + q.scale * (size === 1 ? view.getUint8(at) : view.getUint16(at, true));
      }
      weights.set(entry.name, out);
    }
    offset += entryBytes(entry);
  }
  return weights;
}

/** HWIO (Keras) → OIHW (ONNX). */
function toOIHW(kernel: Float32Array, [kh, kw, ci, co]: number[]): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < ci!; i++) for (let o = 0; o < co!; o++) out[((o * ci! + i) * kh! + y) * kw! + x] = kernel[((y * kw! + x) * ci! + i) * co! + o]!;
  return out;
}

/**
 * A Keras layers model as a Net, batch norms folded into their convs. Its output is the last
 * layer. Node reads the source from the weights package, the browser from a model file; both
 * get the same floats.
 */
export function kerasNet(source: KerasSource): Net {
  const { layers } = source;
  const weights = dequantise(source, new Set(layers.map((l) => l.name)));
  const manifest = new Map(source.weights.map((w) => [w.name, w]));
  const weight = (name: string) => {
    const w = weights.get(name);
    if (!w) throw new Error(`Missing weight ${name}`);
    return w;
  };

  // A folded batch norm is its conv's output under another name.
  const alias = new Map<string, string>();
  const from = (layer: KerasLayer) => layer.inbound_nodes[0]!.map(([name]) => alias.get(name) ?? name);
  const convs = new Map<string, ConvNode>();
  const nodes: NetNode[] = [];
  let input = "";
  for (const layer of layers) {
    const c = layer.config;
    switch (layer.class_name) {
      case "InputLayer":
        input = layer.name;
        break;
      case "Conv2D": {
        const shape = manifest.get(`${layer.name}/kernel`)!.shape; // [kh, kw, in, out]
        const conv: ConvNode = {
          op: "conv",
          name: layer.name,
          input: from(layer)[0]!,
          weight: toOIHW(weight(`${layer.name}/kernel`), shape),
          bias: c.use_bias ? weight(`${layer.name}/bias`) : new Float32Array(shape[3]!),
          inChannels: shape[2]!,
          outChannels: shape[3]!,
          kernel: c.kernel_size!,
          strides: c.strides!,
          padding: c.padding!,
        };
        convs.set(layer.name, conv);
        nodes.push(conv);
        if (c.activation === "relu") {
          nodes.push({ op: "relu", name: `${layer.name}/relu`, input: layer.name });
          alias.set(layer.name, `${layer.name}/relu`);
        } else if (c.activation !== "linear") throw new Error(`${layer.name}: activation ${c.activation}`);
        break;
      }
      case "BatchNormalization": {
        const conv = convs.get(from(layer)[0]!);
        if (!conv) throw new Error(`${layer.name} does not follow a conv`);
        const mean = weight(`${layer.name}/moving_mean`);
        const variance = weight(`${layer.name}/moving_variance`);
        const gamma = c.scale ? weight(`${layer.name}/gamma`) : undefined;
        const beta = c.center ? weight(`${layer.name}/beta`) : undefined;
        const perOut = conv.weight.length / conv.outChannels;
        for (let o = 0; o < conv.outChannels; o++) {
          const s = (gamma?.[o] ?? 1) / Math.sqrt(variance[o]! + c.epsilon!);
          for (let k = 0; k < perOut; k++) conv.weight[o * perOut + k]! *= s;
          conv.bias[o] = (conv.bias[o]! - mean[o]!) * s + (beta?.[o] ?? 0);
        }
        alias.set(layer.name, conv.name);
        break;
      }
      case "Activation":
        if (c.activation !== "relu") throw new Error(`${layer.name}: activation ${c.activation}`);
        nodes.push({ op: "relu", name: layer.name, input: from(layer)[0]! });
        break;
      case "MaxPooling2D":
      case "AveragePooling2D":
        nodes.push({
          op: layer.class_name === "MaxPooling2D" ? "maxpool" : "avgpool",
          name: layer.name,
          input: from(layer)[0]!,
          kernel: c.pool_size!,
          strides: c.strides!,
          padding: c.padding!,
        });
        break;
      case "Add":
        nodes.push({ op: "add", name: layer.name, inputs: from(layer) });
        break;
      case "UpSampling2D": {
        const [sy, sx] = c.size ?? [2, 2];
        if (sy !== sx || (c.interpolation ?? "nearest") !== "nearest") throw new Error(`${layer.name}: only square nearest upsampling`);
        nodes.push({ op: "upsample", name: layer.name, input: from(layer)[0]!, scale: sy });
        break;
      }
      case "MultiplyBeta":
        // ESRGAN's residual scaling (upscalerjs registers it with β = 0.2).
        nodes.push({ op: "scale", name: layer.name, input: from(layer)[0]!, factor: 0.2 });
        break;
      case "Concatenate":
        if (c.axis !== 3 && c.axis !== -1) throw new Error(`${layer.name}: concatenates on axis ${c.axis}`);
        nodes.push({ op: "concat", name: layer.name, inputs: from(layer) });
        break;
      default: {
        const shuffle = /^PixelShuffle(\d+)x$/.exec(layer.class_name);
        if (shuffle) {
          nodes.push({ op: "depth-to-space", name: layer.name, input: from(layer)[0]!, block: Number(shuffle[1]) });
          break;
        }
        throw new Error(`Unsupported Keras layer ${layer.class_name} (${layer.name})`);
      }
    }
  }
  return { input, inputChannels: 3, nodes };
}
