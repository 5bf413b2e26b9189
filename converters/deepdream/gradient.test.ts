import { InferenceSession, Tensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import type { Net } from "../ml/net";
import { buildDreamGraph } from "./onnx-graph";
import { dreamLoss, type Tensor64 } from "../ml/reference-net";

// A seeded generator, so a failure can be replayed.
function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function tinyNet(rand: () => number): Net {
  const conv = (name: string, input: string, ci: number, co: number, kernel: [number, number], stride: number, padding: "same" | "valid") => {
    const fan = ci * kernel[0] * kernel[1];
    const weight = Float32Array.from({ length: co * fan }, () => (rand() * 2 - 1) * Math.sqrt(3 / fan));
    const bias = Float32Array.from({ length: co }, () => (rand() - 0.5) * 0.2);
    return { op: "conv" as const, name, input, weight, bias, inChannels: ci, outChannels: co, kernel, strides: [stride, stride] as [number, number], padding };
  };
  // Every op kind the InceptionV3 trunk uses, plus the variants the builder supports.
  return {
    input: "image",
    inputChannels: 3,
    nodes: [
      conv("c1", "image", 3, 4, [3, 3], 1, "same"),
      { op: "relu", name: "r1", input: "c1" },
      conv("c2", "r1", 4, 6, [3, 3], 2, "valid"),
      { op: "relu", name: "r2", input: "c2" },
      { op: "maxpool", name: "mp", input: "r2", kernel: [3, 3], strides: [2, 2], padding: "valid" },
      conv("a", "mp", 6, 4, [1, 1], 1, "same"),
      { op: "relu", name: "ra", input: "a" },
      { op: "avgpool", name: "ap", input: "mp", kernel: [3, 3], strides: [1, 1], padding: "same" },
      conv("b", "ap", 6, 4, [1, 3], 1, "same"),
      { op: "relu", name: "rb", input: "b" },
      { op: "concat", name: "cat", inputs: ["ra", "rb"] },
      { op: "add", name: "sum", inputs: ["ra", "rb"] },
      conv("c3", "sum", 4, 5, [2, 2], 1, "same"),
      { op: "relu", name: "r3", input: "c3" },
      { op: "maxpool", name: "mp1", input: "r3", kernel: [3, 3], strides: [1, 1], padding: "same" },
      { op: "avgpool", name: "ap2", input: "cat", kernel: [2, 2], strides: [2, 2], padding: "valid" },
    ],
  };
}

describe("the dream graph's backward pass", () => {
  // "indices" is the graph the server and the WASM device run; "masks" the WebGPU device's.
  it.each(["indices", "masks"] as const)("matches finite differences of a float64 reference on a tiny net of every op kind (max pool backward by %s)", async (maxPoolBackward) => {
    const rand = random(7);
    const net = tinyNet(rand);
    const layers = { cat: 1, ap2: 2, mp1: 0.5 };
    const [c, h, w] = [3, 29, 25];
    const x = Float32Array.from({ length: c * h * w }, () => rand() * 2 - 1);

    const session = await InferenceSession.create(buildDreamGraph(net, { layers, maxPoolBackward }));
    const out = await session.run({ x: new Tensor("float32", x, [1, c, h, w]) });
    const grad = out.grad!.data as Float32Array;
    const loss = (out.loss!.data as Float32Array)[0]!;
    await session.release();

    const input: Tensor64 = { c, h, w, data: Float64Array.from(x) };
    const reference = dreamLoss(net, layers, input);
    expect(Math.abs(loss - reference) / reference).toBeLessThan(1e-5);

    // Central differences in float64, every coordinate.
    const eps = 1e-5;
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < x.length; i++) {
      const v = input.data[i]!;
      input.data[i] = v + eps;
      const up = dreamLoss(net, layers, input);
      input.data[i] = v - eps;
      const down = dreamLoss(net, layers, input);
      input.data[i] = v;
      const fd = (up - down) / (2 * eps);
      diff += (fd - grad[i]!) ** 2;
      norm += fd ** 2;
    }
    const relativeError = Math.sqrt(diff / norm);
    console.log(`gradient check: ${x.length} coordinates, relative error ${relativeError.toExponential(2)}`);
    expect(norm).toBeGreaterThan(0);
    expect(relativeError).toBeLessThan(1e-3);
  });
});
