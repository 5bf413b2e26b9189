// The DeepDream converter's pixel side, shared by the server (server.ts) and the device
// (device.ts): fit the size, split off alpha, dream the RGB planes, put the picture back together.
import type { z } from "zod";
import { ConversionError } from "../engine/errors";
import type { HeavyContext, VipsImage, VipsModule } from "../types";
import { cost, dreamScale, MIN_SIDE } from "./cost";
import { dream, type GradientFn } from "./dream";
import type { meta } from "./meta";
import { fromRgb8, toRgb8 } from "./planar";

export type DreamParams = z.output<typeof meta.params>;

export { MIN_SIDE };
/** Measured on 2 cores: 256 px tiles dream faster than 512 ones and peak lower; seams move every step. */
const TILE = 256;

/** `gradient` is asked for only once the picture is known to fit, so a refusal costs no model load. */
export async function dreamImage(vips: VipsModule, image: VipsImage, params: DreamParams, gradient: () => Promise<GradientFn>, context: HeavyContext): Promise<VipsImage> {
  const alpha = image.hasAlpha() ? image.extractBand(image.bands - 1) : undefined;
  let rgb = alpha ? image.extractBand(0, { n: image.bands - 1 }) : image;
  if (rgb.bands < 3) rgb = rgb.colourspace("srgb");
  // Fit the size limit; a photo smaller than the net's input is dreamed enlarged and shrunk back.
  // Checked here too, not only at planning: the device dreams at its own, smaller maxSize.
  const { shrink, scale } = dreamScale(rgb, params.maxSize);
  const refusal = cost.refuse!(rgb, params);
  if (refusal) throw new ConversionError("too-many-pixels", refusal);
  const working = scale === 1 ? rgb : rgb.resize(scale);
  const { width, height } = working;
  // 8-bit sRGB after normalise(), so the bytes are interleaved RGB.
  const raw = new Uint8Array(working.writeToMemory().buffer);

  const options = { ...params, tile: TILE, minSide: MIN_SIDE };
  const dreamed = await dream(fromRgb8(raw, width, height), options, { gradient: await gradient(), signal: context.signal, onProgress: context.onProgress });

  let out = vips.Image.newFromMemory(toRgb8(dreamed), width, height, 3, vips.BandFormat.uchar).copy({ interpretation: "srgb" });
  const target = { width: Math.round(rgb.width * shrink), height: Math.round(rgb.height * shrink) };
  if (scale > shrink) out = out.thumbnailImage(target.width, { height: target.height, size: "force" });
  if (alpha) out = out.bandjoin(alpha.thumbnailImage(out.width, { height: out.height, size: "force" }));
  return out;
}
