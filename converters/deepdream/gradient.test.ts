import { InferenceSession, Tensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { gradientError, seededRandom, tinyNet } from "../ml/tiny-net";
import { buildDreamGraph } from "./onnx-graph";
import { dreamLoss, type Tensor64 } from "../ml/reference-net";

describe("the dream graph's backward pass", () => {
  // "indices" is the graph the server and the WASM device run; "masks" the WebGPU device's.
  it.each(["indices", "masks"] as const)("matches finite differences of a float64 reference on a tiny net of every op kind (max pool backward by %s)", async (maxPoolBackward) => {
    const rand = seededRandom(7);
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

    const { relativeError, norm } = gradientError((data) => dreamLoss(net, layers, { ...input, data }), input.data, grad);
    console.log(`gradient check: ${x.length} coordinates, relative error ${relativeError.toExponential(2)}`);
    expect(norm).toBeGreaterThan(0);
    expect(relativeError).toBeLessThan(1e-3);
  });
});
