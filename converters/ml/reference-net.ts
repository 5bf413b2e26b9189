// A plain float64 evaluation of a Net, written for clarity, not speed: the tests' oracle for the
// ONNX graph's loss, and the function whose finite differences check its gradient.
import { type Net, type NetNode, outLength, padsOf } from "./net";

export interface Tensor64 {
  c: number;
  h: number;
  w: number;
  data: Float64Array;
}

const at = (t: Tensor64, c: number, y: number, x: number) => t.data[(c * t.h + y) * t.w + x]!;

/** The geometry of a conv's or pool's sliding window over `x`. */
function windowOf(node: Extract<NetNode, { kernel: unknown }>, x: Tensor64) {
  const [kh, kw] = node.kernel;
  const [sh, sw] = node.strides;
  const [pt] = padsOf(node.padding, kh, sh);
  const [pl] = padsOf(node.padding, kw, sw);
  return { kh, kw, sh, sw, pt, pl, h: outLength(x.h, node.padding, kh, sh), w: outLength(x.w, node.padding, kw, sw) };
}

function upsample(x: Tensor64, s: number): Tensor64 {
  const h = x.h * s;
  const w = x.w * s;
  const data = new Float64Array(x.c * h * w);
  for (let c = 0; c < x.c; c++) for (let y = 0; y < h; y++) for (let xo = 0; xo < w; xo++) data[(c * h + y) * w + xo] = at(x, c, Math.floor(y / s), Math.floor(xo / s));
  return { c: x.c, h, w, data };
}

function conv(node: Extract<NetNode, { op: "conv" }>, x: Tensor64): Tensor64 {
  const { kh, kw, sh, sw, pt, pl, h, w } = windowOf(node, x);
  const out: Tensor64 = { c: node.outChannels, h, w, data: new Float64Array(node.outChannels * h * w) };
  for (let o = 0; o < out.c; o++)
    for (let y = 0; y < h; y++)
      for (let xo = 0; xo < w; xo++) {
        let sum = node.bias[o]!;
        for (let i = 0; i < x.c; i++)
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const yy = y * sh - pt + ky;
              const xx = xo * sw - pl + kx;
              if (yy >= 0 && yy < x.h && xx >= 0 && xx < x.w) sum += node.weight[((o * x.c + i) * kh + ky) * kw + kx]! * at(x, i, yy, xx);
            }
        out.data[(o * h + y) * w + xo] = sum;
      }
  return out;
}

function pool(node: Extract<NetNode, { op: "maxpool" | "avgpool" }>, x: Tensor64): Tensor64 {
  const { kh, kw, sh, sw, pt, pl, h, w } = windowOf(node, x);
  const out: Tensor64 = { c: x.c, h, w, data: new Float64Array(x.c * h * w) };
  for (let c = 0; c < x.c; c++)
    for (let y = 0; y < h; y++)
      for (let xo = 0; xo < w; xo++) {
        // Padding takes no part: not a candidate for the max, not counted in the mean.
        let max = -Infinity;
        let sum = 0;
        let count = 0;
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const yy = y * sh - pt + ky;
            const xx = xo * sw - pl + kx;
            if (yy < 0 || yy >= x.h || xx < 0 || xx >= x.w) continue;
            const v = at(x, c, yy, xx);
            max = Math.max(max, v);
            sum += v;
            count++;
          }
        out.data[(c * h + y) * w + xo] = node.op === "maxpool" ? max : sum / count;
      }
  return out;
}

export function evaluate(net: Net, input: Tensor64): Map<string, Tensor64> {
  const values = new Map([[net.input, input]]);
  const get = (name: string) => values.get(name)!;
  for (const node of net.nodes) {
    let out: Tensor64;
    if (node.op === "conv") out = conv(node, get(node.input));
    else if (node.op === "maxpool" || node.op === "avgpool") out = pool(node, get(node.input));
    else if (node.op === "relu") {
      const x = get(node.input);
      out = { ...x, data: x.data.map((v) => Math.max(0, v)) };
    } else if (node.op === "scale") {
      const x = get(node.input);
      out = { ...x, data: x.data.map((v) => v * node.factor) };
    } else if (node.op === "upsample") out = upsample(get(node.input), node.scale);
    else if (node.op === "depth-to-space") throw new Error(`${node.name}: depth-to-space is not in the reference`);
    else {
      const parts: Tensor64[] = node.inputs.map(get);
      const first = parts[0]!;
      if (node.op === "concat") {
        const data = new Float64Array(parts.reduce((n, p) => n + p.data.length, 0));
        parts.reduce((offset, p) => (data.set(p.data, offset), offset + p.data.length), 0);
        out = { c: parts.reduce((n, p) => n + p.c, 0), h: first.h, w: first.w, data };
      } else out = { ...first, data: first.data.map((_, i) => parts.reduce((s, p) => s + p.data[i]!, 0)) };
    }
    values.set(node.name, out);
  }
  return values;
}

/** Σ w·½·mean(a²) over the layers: the loss the dream graph reports. */
export function dreamLoss(net: Net, layers: Record<string, number>, input: Tensor64): number {
  const values = evaluate(net, input);
  return Object.entries(layers).reduce((sum, [layer, weight]) => {
    const a = values.get(layer)!.data;
    return sum + (weight * 0.5 * a.reduce((s, v) => s + v * v, 0)) / a.length;
  }, 0);
}
