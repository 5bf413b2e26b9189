// Remove background's pixel side, shared by the server (server.ts) and the device (device.ts):
// the network on a 320² copy, its mask refined at full size against the photo, the touch-up
// strokes painted in, then the background made transparent, a colour, or a blur.
import type { z } from "zod";
import type { HeavyContext, VipsImage, VipsModule } from "../types";
import { applyGuided, guidedCoefficients, resizeBilinear } from "./guided-filter";
import type { meta } from "./meta";
import { MEAN, type Segmenter, SIDE, STD } from "./model";
import { paintStrokes } from "./strokes";

export type CutoutParams = z.output<typeof meta.params>;

/** Where the time went, for bench:cutout. */
export interface CutoutTimes {
  networkMs: number;
  refineMs: number;
}

/**
 * The guided filter's grid: its longer side, and the window radius on a grid of that side (a
 * smaller photo's grid is the photo, with the radius scaled to it: ±2.5 of the network's pixels),
 * and the regulariser. Chosen on the quality set (bench:cutout): a finer grid gained nothing
 * once the full-size pass applies the fit to the photo's own pixels; radius 4–12 and eps
 * 1e-4–1e-2 were all within 0.01 IoU of each other.
 */
export const GUIDE = { side: 1024, radius: 8, eps: 1e-3 };

/** The network's input: the photo squeezed to 320², scaled by its maximum, ImageNet-normalised planes. */
export function networkInput(rgb: Uint8Array): Float32Array {
  const plane = SIDE * SIDE;
  let max = 1e-6;
  for (let i = 0; i < rgb.length; i++) if (rgb[i]! > max) max = rgb[i]!;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[c * plane + i] = (rgb[i * 3 + c]! / max - MEAN[c]!) / STD[c]!;
  return out;
}

/** The network's map stretched to 0–1, as U²-Net's authors and rembg read it. */
export function normaliseMap(map: Float32Array): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of map) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo || 1;
  return map.map((v) => (v - lo) / range);
}

/**
 * The last few photos' network maps, by their 320² copy: a touch-up stroke re-runs the step with
 * new params on the same photo, and then only the refinement and the strokes run again.
 */
const maps = new Map<string, Float32Array>();
const MAPS_KEPT = 4;

async function remembered(small: Uint8Array, make: () => Promise<Float32Array>): Promise<Float32Array> {
  // Two FNV-1a hashes (different offsets) over the copy's bytes: 64 bits, a key among four.
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < small.length; i++) {
    a = Math.imul(a ^ small[i]!, 0x01000193);
    b = Math.imul(b ^ small[i]!, 0x01000193) ^ (b >>> 15);
  }
  const key = `${a >>> 0}:${b >>> 0}`;
  const known = maps.get(key);
  if (known) return known;
  const map = await make();
  maps.set(key, map);
  if (maps.size > MAPS_KEPT) maps.delete(maps.keys().next().value!);
  return map;
}

const bytesOf = (image: VipsImage) => new Uint8Array(image.writeToMemory().buffer);
const squeeze = (image: VipsImage, width: number, height: number) => image.thumbnailImage(width, { height, size: "force" });

/** The subject's mask at the photo's full size (0–255): refined against the photo, or the plain enlargement. */
export function fullSizeMask(colour: VipsImage, coarse: Float32Array, edges: CutoutParams["edges"]): Uint8Array {
  const { width, height } = colour;
  if (edges === "soft") return Uint8Array.from(resizeBilinear(coarse, SIDE, SIDE, width, height), (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  const k = Math.min(1, GUIDE.side / Math.max(width, height));
  const [w, h] = [Math.max(1, Math.round(width * k)), Math.max(1, Math.round(height * k))];
  const grid = k < 1 ? squeeze(colour, w, h) : colour;
  const radius = Math.max(2, Math.round((GUIDE.radius * Math.max(w, h)) / GUIDE.side));
  const coefficients = guidedCoefficients(bytesOf(grid), resizeBilinear(coarse, SIDE, SIDE, w, h), w, h, radius, GUIDE.eps);
  return applyGuided(bytesOf(colour), width, height, coefficients);
}

export async function removeBackground(vips: VipsModule, image: VipsImage, params: CutoutParams, segmenter: () => Promise<Segmenter>, context: HeavyContext, times?: CutoutTimes): Promise<VipsImage> {
  const inputAlpha = image.hasAlpha() ? image.extractBand(image.bands - 1) : undefined;
  const original = inputAlpha ? image.extractBand(0, { n: image.bands - 1 }) : image;
  const colour = original.bands < 3 ? original.colourspace("srgb") : original;
  const { width, height } = colour;

  let started = performance.now();
  const small = bytesOf(squeeze(colour, SIDE, SIDE));
  const coarse = await remembered(small, async () => normaliseMap(await (await segmenter())(networkInput(small))));
  if (times) times.networkMs = performance.now() - started;
  context.signal.throwIfAborted();
  context.onProgress(0.7);

  started = performance.now();
  const alpha = fullSizeMask(colour, coarse, params.edges);
  paintStrokes(alpha, width, height, params.strokes);
  if (inputAlpha) {
    const had = bytesOf(inputAlpha);
    for (let i = 0; i < alpha.length; i++) alpha[i] = Math.round((alpha[i]! * had[i]!) / 255);
  }
  if (times) times.refineMs = performance.now() - started;
  context.onProgress(0.9);
  return composite(vips, original, colour, alpha, params);
}

/** The subject over what the params put behind it: nothing (an alpha band), a colour, or its own background blurred. */
function composite(vips: VipsModule, original: VipsImage, colour: VipsImage, alpha: Uint8Array, params: CutoutParams): VipsImage {
  const { width, height } = colour;
  const mask = vips.Image.newFromMemory(alpha, width, height, 1, vips.BandFormat.uchar);
  if (params.background === "transparent") return original.bandjoin(mask.copy({ interpretation: original.interpretation }));
  const kept = mask.linear(1 / 255, 0);
  const behind = mask.linear(-1 / 255, 1);
  let background: VipsImage;
  if (params.background === "blur") {
    // Each background pixel is the blur of the background alone (the subject's pixels weigh
    // nothing), so the subject's colour does not bleed out as a halo around it.
    const spread = behind.gaussblur(params.blurSigma).linear(1, 1e-4);
    background = colour.multiply(behind).gaussblur(params.blurSigma).divide(spread).multiply(behind);
  } else {
    const hex = params.background;
    background = behind.linear([1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)), [0, 0, 0]);
  }
  const out = colour.multiply(kept).add(background);
  return out.linear(1, 0.5).cast(vips.BandFormat.uchar).copy({ interpretation: "srgb" });
}
