// The ImageNet InceptionV3 trunk from nsfwjs's Keras model, as a Net. nsfwjs fine-tuned the
// layers after mixed5 for its own task (everything up to mixed5 is trainable:false), so the
// dream layers stop there.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DreamLayer } from "../meta";
import type { ConvNode, Net, NetNode, Padding } from "../net";

interface KerasConfig {
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
}

interface KerasLayer {
  name: string;
  class_name: string;
  config: KerasConfig;
  inbound_nodes: [string, number, number, unknown][][];
}

interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { min: number; scale: number; dtype: "uint8" | "uint16" };
}

interface ModelJson {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightsManifest: WeightGroup[];
}

const require = createRequire(import.meta.url);
// nsfwjs's exports wrap each base64 shard with __importStar, which copies a 5.6 MB string
// into an object key by key (7 s a shard); requiring the UMD files by path returns the string.
const packageRoot = () => join(dirname(require.resolve("nsfwjs")), "..", "..");
const modelDir = () => join(packageRoot(), "dist", "models", "inception_v3");

/** "nsfwjs@4.4.0/inception_v3": part of the graph cache key, so new weights never meet an old graph. */
export function weightsSource(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return `nsfwjs@${version}/inception_v3`;
}

/** Dequantises (min + scale·q) the weights of the named layers, walking the shards in manifest order. */
function loadWeights(json: ModelJson, layers: Set<string>): Map<string, Float32Array> {
  const paths = json.weightsManifest.flatMap((group) => group.paths);
  const bytes = Buffer.concat(
    paths.map((path) => {
      const file = join(modelDir(), `${path}.min.js`);
      const shard = Buffer.from(require(file) as string, "base64");
      delete require.cache[file]; // 5.6 MB of base64 each, needed once
      return shard;
    }),
  );
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const entry of json.weightsManifest.flatMap((m) => m.weights)) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const q = entry.quantization;
    const size = q ? (q.dtype === "uint8" ? 1 : 2) : 4;
    if (entry.dtype !== "float32") throw new Error(`Unexpected weight type ${entry.dtype} for ${entry.name}`);
    if (layers.has(entry.name.split("/")[0]!)) {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const at = offset + i * size;
        out[i] = !q ? bytes.readFloatLE(at) : q.min + q.scale * (size === 1 ? bytes[at]! : bytes.readUInt16LE(at));
      }
      weights.set(entry.name, out);
    }
    offset += count * size;
  }
  if (offset !== bytes.length) throw new Error(`The weight manifest covers ${offset} bytes of ${bytes.length}`);
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

/** Loads the trunk up to `last` (inclusive), batch norms folded into their convs. */
export function loadInceptionTrunk(last: DreamLayer): Net {
  const json = require(join(modelDir(), "model.min.js")) as ModelJson;
  const all = json.modelTopology.model_config.config.layers;
  const end = all.findIndex((l) => l.name === last);
  if (end < 0) throw new Error(`InceptionV3 has no layer ${last}`);
  const layers = all.slice(0, end + 1);
  const weights = loadWeights(json, new Set(layers.map((l) => l.name)));
  const manifest = new Map(json.weightsManifest.flatMap((m) => m.weights).map((w) => [w.name, w]));
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
      case "Concatenate":
        if (c.axis !== 3 && c.axis !== -1) throw new Error(`${layer.name}: concatenates on axis ${c.axis}`);
        nodes.push({ op: "concat", name: layer.name, inputs: from(layer) });
        break;
      default:
        throw new Error(`Unsupported Keras layer ${layer.class_name} (${layer.name})`);
    }
  }
  return { input, inputChannels: 3, nodes };
}
