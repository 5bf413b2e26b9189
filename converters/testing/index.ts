// Helpers for the converters' own tests: tiny images built from literal pixels, run through
// the same pipeline code the browser worker uses, and read back as plain numbers.
import Vips from "wasm-vips";
import { resolveSteps } from "../engine/pipeline";
import type { VipsImage, VipsModule } from "../types";

let loading: Promise<VipsModule> | undefined;
export function getVips(): Promise<VipsModule> {
  loading ??= Vips({ dynamicLibraries: ["vips-heif.wasm"] });
  return loading;
}

export interface Pixels {
  width: number;
  height: number;
  bands: number;
  data: number[];
}

export function image(vips: VipsModule, px: Pixels): VipsImage {
  const img = vips.Image.newFromMemory(Uint8Array.from(px.data), px.width, px.height, px.bands, vips.BandFormat.uchar);
  return px.bands >= 3 ? img.copy({ interpretation: "srgb" }) : img.copy({ interpretation: "b-w" });
}

export function pixels(img: VipsImage): Pixels {
  const data = Array.from(img.cast("uchar").writeToMemory() as Uint8Array);
  return { width: img.width, height: img.height, bands: img.bands, data };
}

/** Runs one converter by id, its params validated by its own schema, as the pipeline does. */
export async function convert(id: string, px: Pixels, params: Record<string, unknown> = {}): Promise<Pixels> {
  const vips = await getVips();
  const [step] = resolveSteps([{ converter: id, params }]);
  return pixels(step!.run(vips, image(vips, px), step!.params as never));
}

/** Pixels built by a function of (x, y, band). */
export function build(width: number, height: number, bands: number, f: (x: number, y: number, b: number) => number): Pixels {
  const data: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let b = 0; b < bands; b++) data.push(f(x, y, b));
  return { width, height, bands, data };
}

export function at(px: Pixels, x: number, y: number): number[] {
  const i = (y * px.width + x) * px.bands;
  return px.data.slice(i, i + px.bands);
}

/** The largest absolute difference between two equally long lists. */
export function maxDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

/** A random but reproducible image, so tests are deterministic. */
export function noise(width: number, height: number, bands: number, seed = 1): Pixels {
  let s = seed;
  return build(width, height, bands, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % 256;
  });
}

/** Applies a per-pixel function to every pixel of a literal image: the expectation side. */
export function mapPixels(px: Pixels, bandsOut: number, f: (p: number[]) => number[]): Pixels {
  const data: number[] = [];
  for (let i = 0; i < px.data.length; i += px.bands) data.push(...f(px.data.slice(i, i + px.bands)));
  return { width: px.width, height: px.height, bands: bandsOut, data };
}

/**
 * An independent separable Gaussian, as libvips' gaussmat defines its mask: weights
 * exp(−x²/2σ²) out to where they fall below `minAmpl`, normalised, edges extended by copy.
 */
export function gaussianReference(px: Pixels, sigma: number, minAmpl = 0.2): number[] {
  const weights: number[] = [];
  for (let x = 0; ; x++) {
    const w = Math.exp(-(x * x) / (2 * sigma * sigma));
    if (w < minAmpl) break;
    weights.push(w);
  }
  const radius = weights.length - 1;
  const kernel = [...weights.slice(1).reverse(), ...weights];
  const sum = kernel.reduce((a, b) => a + b, 0);
  const get = (src: number[], x: number, y: number, b: number) => {
    const cx = Math.min(px.width - 1, Math.max(0, x));
    const cy = Math.min(px.height - 1, Math.max(0, y));
    return src[(cy * px.width + cx) * px.bands + b]!;
  };
  const pass = (src: number[], dx: number, dy: number) => {
    const out: number[] = [];
    for (let y = 0; y < px.height; y++)
      for (let x = 0; x < px.width; x++)
        for (let b = 0; b < px.bands; b++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++) acc += kernel[k + radius]! * get(src, x + k * dx, y + k * dy, b);
          out.push(acc / sum);
        }
    return out;
  };
  return pass(pass(px.data, 1, 0), 0, 1);
}

/** The values of the pixels at least `margin` from every edge. */
export function interior(data: number[], px: Pick<Pixels, "width" | "height" | "bands">, margin: number): number[] {
  const out: number[] = [];
  for (let y = margin; y < px.height - margin; y++)
    for (let x = margin; x < px.width - margin; x++)
      for (let b = 0; b < px.bands; b++) out.push(data[(y * px.width + x) * px.bands + b]!);
  return out;
}
