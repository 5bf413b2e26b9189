// Writes ONNX graphs in JS (onnx-proto), for every model this project builds: DeepDream's
// forward-and-backward graph and the plain forward graphs of forward-graph.ts.
import onnxProto from "onnx-proto";
import { type ConvNode, type PoolNode, padsOf } from "./net";

export const { onnx } = onnxProto;
export type Attr = number | number[] | string | { float: number } | { tensor: onnxProto.onnx.ITensorProto };

export const OPSET = 17;

/** A float graph input or output: an image [1, C, H, W] of any H and W, a scalar, or given dims (a string names a free one). */
export type GraphValue = { name: string } & ({ channels: number } | { scalar: true } | { dims: (number | string)[] });

export class GraphWriter {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private count = 0;

  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs = 1): string[] {
    const names = Array.from({ length: outputs }, () => `${type.toLowerCase()}_${this.count++}`);
    const attribute = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === "string") return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(v) };
      if (typeof v === "number") return { name, type: onnx.AttributeProto.AttributeType.INT, i: v };
      if (Array.isArray(v)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v };
      if ("float" in v) return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v.float };
      return { name, type: onnx.AttributeProto.AttributeType.TENSOR, t: v.tensor };
    });
    this.nodes.push({ opType: type, input: inputs, output: names, attribute, name: names[0] });
    return names;
  }

  one(type: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.op(type, inputs, attrs)[0]!;
  }

  floats(values: Float32Array | number[], dims: number[] = [values.length]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const name = `const_${this.count++}`;
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  int64s(values: number[]): string {
    const name = `const_${this.count++}`;
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  }

  /** Names `value` as a graph output. */
  output(value: string, name: string): void {
    this.nodes.push({ opType: "Identity", input: [value], output: [name], name });
  }

  /** The serialised ModelProto, with float image inputs and outputs [1, C, H, W] of any H and W. */
  encode(name: string, inputs: GraphValue[], outputs: GraphValue[]): Uint8Array {
    const dimsOf = (v: GraphValue): (number | string)[] => ("scalar" in v ? [] : "dims" in v ? v.dims : [1, v.channels, "H", "W"]);
    const value = (v: GraphValue) => ({
      name: v.name,
      type: {
        tensorType: {
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: { dim: dimsOf(v).map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: `image-editor ${name}`,
      opsetImport: [{ domain: "", version: OPSET }],
      graph: { name, node: this.nodes, initializer: this.initializers, input: inputs.map(value), output: outputs.map(value) },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** A conv's or pool's ONNX pads [top, left, bottom, right], and its stride-1 transpose's. */
export function windowPads(node: PoolNode | ConvNode): { pads: number[]; back: number[] } {
  const [t, b] = padsOf(node.padding, node.kernel[0], node.strides[0]);
  const [l, r] = padsOf(node.padding, node.kernel[1], node.strides[1]);
  const [kh, kw] = node.kernel;
  // The transpose of a stride-1 window op pads k−1−p where the forward padded p.
  return { pads: [t, l, b, r], back: [kh - 1 - t, kw - 1 - l, kh - 1 - b, kw - 1 - r] };
}
