import { InferenceSession, Tensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { evaluate, type Tensor64 } from "../ml/reference-net";
import { gradientError, seededRandom, tinyNet } from "../ml/tiny-net";
import { buildStyleGraph, styleInputs } from "./style-graph";

const gram64 = (t: Tensor64): Float64Array => {
  const n = t.h * t.w;
  const g = new Float64Array(t.c * t.c);
  for (let i = 0; i < t.c; i++)
    for (let j = 0; j < t.c; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += t.data[i * n + k]! * t.data[j * n + k]!;
      g[i * t.c + j] = s / n;
    }
  return g;
};

describe("the style graph's backward pass", () => {
  it.each(["indices", "masks"] as const)("matches finite differences of a float64 reference of content, Gram and total-variation losses (max pool backward by %s)", async (maxPoolBackward) => {
    const rand = seededRandom(11);
    const net = tinyNet(rand);
    const spec = { content: "sum", style: ["r1", "mp", "cat", "sum"], maxPoolBackward };
    const [c, h, w] = [3, 27, 23];
    const x = Float32Array.from({ length: c * h * w }, () => rand() * 2 - 1);
    const target = Float64Array.from({ length: c * h * w }, () => rand() * 2 - 1);
    const targetValues = evaluate(net, { c, h, w, data: target });
    const contentTarget = targetValues.get(spec.content)!;
    const gramTargets = spec.style.map((layer) => gram64(targetValues.get(layer)!));
    const weights = { content: 0.7, tv: 0.3, style: [2, 5, 1, 3] };

    // The reference: the same loss written plainly in float64.
    const loss64 = (data: Float64Array) => {
      const values = evaluate(net, { c, h, w, data });
      const a = values.get(spec.content)!.data;
      let loss = weights.content * a.reduce((s, v, i) => s + (v - contentTarget.data[i]!) ** 2, 0);
      spec.style.forEach((layer, i) => {
        const gram = gram64(values.get(layer)!);
        loss += weights.style[i]! * gram.reduce((s, v, k) => s + (v - gramTargets[i]![k]!) ** 2, 0);
      });
      let tv = 0;
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < h; y++)
          for (let xx = 0; xx < w; xx++) {
            const v = data[(ch * h + y) * w + xx]!;
            if (y + 1 < h) tv += (data[(ch * h + y + 1) * w + xx]! - v) ** 2;
            if (xx + 1 < w) tv += (data[(ch * h + y) * w + xx + 1]! - v) ** 2;
          }
      return loss + weights.tv * tv;
    };

    const names = styleInputs(spec.style);
    const scalar = (v: number) => new Tensor("float32", Float32Array.of(v), []);
    const feeds: Record<string, Tensor> = {
      x: new Tensor("float32", x, [1, c, h, w]),
      [names.contentTarget]: new Tensor("float32", Float32Array.from(contentTarget.data), [1, contentTarget.c, contentTarget.h, contentTarget.w]),
      [names.contentWeight]: scalar(weights.content),
      [names.tvWeight]: scalar(weights.tv),
    };
    spec.style.forEach((layer, i) => {
      const channels = targetValues.get(layer)!.c;
      feeds[names.gramTargets[i]!] = new Tensor("float32", Float32Array.from(gramTargets[i]!), [channels, channels]);
      feeds[names.styleWeights[i]!] = scalar(weights.style[i]!);
    });
    const session = await InferenceSession.create(buildStyleGraph(net, spec));
    const out = await session.run(feeds);
    await session.release();
    const grad = out.grad!.data as Float32Array;
    const loss = (out.loss!.data as Float32Array)[0]!;

    const input = Float64Array.from(x);
    const reference = loss64(input);
    expect(Math.abs(loss - reference) / reference).toBeLessThan(1e-5);
    const { relativeError, norm } = gradientError(loss64, input, grad);
    console.log(`style gradient check: ${x.length} coordinates, relative error ${relativeError.toExponential(2)}`);
    expect(norm).toBeGreaterThan(0);
    expect(relativeError).toBeLessThan(1e-3);
  });
});
