// Style transfer by optimisation (Gatys, Ecker and Bethge, 2016): the picture itself is changed,
// step by step, until the trunk's Gram matrices of it match the style photo's while its deeper
// features stay near the content photo's. Adam on the pixels, coarse to fine: each scale starts
// from the last one's result enlarged, so the large shapes of the style settle where it is cheap.
import { mulberry32 } from "../deepdream/dream";
import { type Planar, resizeBilinear } from "../deepdream/planar";
import { transferColour } from "./colour";

export interface Features {
  /** The content layer's activations, [1, C, h, w]. */
  content: { data: Float32Array; dims: number[] };
  /** Each style layer's Gram matrix, C×C, G = F·Fᵀ/N. */
  grams: Float32Array[];
}

/** The loss's weights as the graph takes them, normalisers folded in. */
export interface Weights {
  content: number;
  tv: number;
  style: number[];
}

export interface Losses {
  content: number;
  style: number;
  tv: number;
}

/** The style graph on one runtime (style-model.ts). */
export interface StyleEngine {
  features(image: Planar): Promise<Features>;
  evaluate(image: Planar, targets: Features, weights: Weights): Promise<Losses & { grad: Float32Array }>;
}

export interface TransferOptions {
  /** The style loss's weight against the content loss's (both relative errors: 1 each at the start). */
  strength: number;
  /** Adam steps at each scale. */
  iterations: number;
  /** How many scales, each twice the last's size, ending at the picture's. */
  scales: number;
  /** Total variation's weight: more smooths the strided convolutions' checkerboard away. */
  smoothness: number;
  /** The starting picture's noise, so two runs may differ on purpose. */
  seed: number;
  /** Whose colours the result takes: the style's (the content recoloured first) or the content's (the style recoloured). */
  colours: "style" | "content";
  /** Each style layer's share of the style loss (equal when absent). */
  styleLayerWeights?: number[];
  /** Adam's step, in the net's input units ([−1, 1]). */
  learningRate: number;
  /** The net's smallest input side: smaller scales are skipped. */
  minSide: number;
  /**
   * Whether each step drops a random 0 or 1 rows and columns first (default true). The stem's
   * stride-2 convolutions see each pixel at one phase only, which leaves a 2-px grid in the
   * result; alternating phases spreads their gradient evenly.
   */
  phaseJitter?: boolean;
  /** Whether one picture is recoloured to the other's colours first (default true): without it, InceptionV3's Grams leave colours washed. */
  recolour?: boolean;
}

export interface TransferHooks {
  engine: StyleEngine;
  /** The share of the work done, which only rises; called after every step. */
  onProgress?: (progress: number) => void;
  /** Each step's losses (weighted), for tests and benchmarks. */
  onStep?: (scale: number, step: number, losses: Losses) => void;
  /** Checked before every step: an abort stops the transfer within one step. */
  signal?: AbortSignal;
}

/** The scales' sizes, smallest first: halving from the picture's size while the short side stays at least minSide. */
export function scaleSizes(height: number, width: number, scales: number, minSide: number): [number, number][] {
  const sizes: [number, number][] = [[height, width]];
  for (let i = 1; i < scales; i++) {
    const [h, w] = [Math.round(height / 2 ** i), Math.round(width / 2 ** i)];
    if (Math.min(h, w) < minSide) break;
    sizes.unshift([h, w]);
  }
  return sizes;
}

/** The style photo at a scale: its longest side equal to the picture's, so its strokes keep their size against the picture. */
function styleAt(style: Planar, height: number, width: number, minSide: number): Planar {
  const scale = Math.max(Math.max(height, width) / Math.max(style.height, style.width), minSide / Math.min(style.height, style.width));
  return resizeBilinear(style, Math.max(minSide, Math.round(style.height * scale)), Math.max(minSide, Math.round(style.width * scale)));
}

const sumOfSquares = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0);

/** The picture without its first `dy` rows and `dx` columns. */
function cropped({ data, height, width }: Planar, dy: number, dx: number): Planar {
  if (!dy && !dx) return { data, height, width };
  const [h, w] = [height - dy, width - dx];
  const out = new Float32Array(3 * h * w);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) out.set(data.subarray((c * height + y + dy) * width + dx, (c * height + y + dy) * width + width), (c * h + y) * w);
  return { data: out, height: h, width: w };
}

/** A cropped picture's gradient in the whole picture's place; the dropped rows and columns get none. */
function uncropped(grad: Float32Array, height: number, width: number, dy: number, dx: number): Float32Array {
  if (!dy && !dx) return grad;
  const [h, w] = [height - dy, width - dx];
  const out = new Float32Array(3 * height * width);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) out.set(grad.subarray((c * h + y) * w, (c * h + y + 1) * w), (c * height + y + dy) * width + dx);
  return out;
}

const PHASES: [number, number][] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

export async function transfer(content: Planar, style: Planar, options: TransferOptions, hooks: TransferHooks): Promise<Planar> {
  const { engine } = hooks;
  const random = mulberry32(options.seed);
  const recolour = options.recolour !== false;
  const source = recolour && options.colours === "style" ? transferColour(content, style) : content;
  const styleSource = recolour && options.colours === "content" ? transferColour(style, content) : style;
  const sizes = scaleSizes(content.height, content.width, options.scales, options.minSide);
  const total = sizes.reduce((sum, [h, w]) => sum + h * w * options.iterations, 0);
  const layerWeights = options.styleLayerWeights;
  let done = 0;
  let image: Planar | undefined;
  for (const [s, [h, w]] of sizes.entries()) {
    hooks.signal?.throwIfAborted();
    const base = resizeBilinear(source, h, w);
    // The content's features at each phase (the same crop as the step's), the style's once.
    const phases = options.phaseJitter === false ? PHASES.slice(0, 1) : PHASES;
    const contents: Features["content"][] = [];
    for (const [dy, dx] of phases) contents.push((await engine.features(cropped(base, dy, dx))).content);
    const styleTargets = await engine.features(styleAt(styleSource, h, w, options.minSide));
    const targets = { content: contents[0]!, grams: styleTargets.grams };
    const shares = styleTargets.grams.map((_, i) => layerWeights?.[i] ?? 1);
    const shareSum = shares.reduce((a, b) => a + b, 0);
    const weights: Weights = {
      // Relative errors: each loss is 1 where the picture has none of the target's features.
      content: 1 / Math.max(sumOfSquares(targets.content.data), 1e-12),
      tv: options.smoothness / (3 * h * w),
      style: styleTargets.grams.map((g, i) => (options.strength * shares[i]!) / shareSum / Math.max(sumOfSquares(g), 1e-12)),
    };
    // The first scale starts from the (recoloured) content and a little seeded noise; later ones from the last result.
    const x = image ? resizeBilinear(image, h, w).data : base.data.map((v) => Math.min(1, Math.max(-1, v + (random() - 0.5) * 0.1)));
    image = { height: h, width: w, data: x };
    const m = new Float32Array(x.length);
    const v = new Float32Array(x.length);
    const [b1, b2] = [0.9, 0.999];
    for (let step = 1; step <= options.iterations; step++) {
      hooks.signal?.throwIfAborted();
      const phase = Math.floor(random() * phases.length);
      const [dy, dx] = phases[phase]!;
      const { grad: part, ...losses } = await engine.evaluate(cropped(image, dy, dx), { ...targets, content: contents[phase]! }, weights);
      const grad = uncropped(part, h, w, dy, dx);
      hooks.onStep?.(s, step - 1, losses);
      const lr = (options.learningRate * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
      for (let i = 0; i < x.length; i++) {
        const g = grad[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        x[i] = Math.min(1, Math.max(-1, x[i]! - (lr * m[i]!) / (Math.sqrt(v[i]!) + 1e-12)));
      }
      done += h * w;
      hooks.onProgress?.(done / total);
    }
  }
  return image!;
}
