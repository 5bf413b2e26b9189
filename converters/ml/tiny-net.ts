// A tiny random net with every op kind the InceptionV3 trunk uses, for the gradient checks of the
// graphs built on ml/backward-graph.ts (DeepDream's and style transfer's). Seeded, so a failure replays.
import type { Net } from "./net";

export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

export function tinyNet(rand: () => number): Net {
  const conv = (name: string, input: string, ci: number, co: number, kernel: [number, number], stride: number, padding: "same" | "valid") => {
    const fan = ci * kernel[0] * kernel[1];
    const weight = Float32Array.from({ length: co * fan }, () => (rand() * 2 - 1) * Math.sqrt(3 / fan));
    const bias = Float32Array.from({ length: co }, () => (rand() - 0.5) * 0.2);
    return { op: "conv" as const, name, input, weight, bias, inChannels: ci, outChannels: co, kernel, strides: [stride, stride] as [number, number], padding };
  };
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

/** Central differences in float64 over every coordinate against a graph's gradient: their relative error. */
export function gradientError(loss: (x: Float64Array) => number, x: Float64Array, grad: Float32Array, eps = 1e-5): { relativeError: number; norm: number } {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v + eps;
    const up = loss(x);
    x[i] = v - eps;
    const down = loss(x);
    x[i] = v;
    const fd = (up - down) / (2 * eps);
    diff += (fd - grad[i]!) ** 2;
    norm += fd ** 2;
  }
  return { relativeError: Math.sqrt(diff / norm), norm };
}
