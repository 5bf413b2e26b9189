// The AI upscale converter's pixel side, shared by the server (server.ts) and the device
// (device.ts): colour through the network in tiles, alpha by Lanczos, grey back to grey.
import type { z } from "zod";
import { runTiled } from "../ml/tiles";
import { lanczosUpscale } from "./lanczos";
import type { HeavyContext, VipsImage, VipsModule } from "../types";
import type { meta } from "./meta";
import { PIXEL_RANGE, type Scale, type Upscaler } from "./model";

export type UpscaleParams = z.output<typeof meta.params>;

/** Input pixels per tile side: measured on 2 cores, larger tiles gain little and peak higher. */
const TILE = 192;

export async function upscaleImage(vips: VipsModule, image: VipsImage, params: UpscaleParams, upscaler: (scale: Scale) => Promise<Upscaler>, context: HeavyContext): Promise<VipsImage> {
  const scale = params.scale as Scale;
  const alpha = image.hasAlpha() ? image.extractBand(image.bands - 1) : undefined;
  let colour = alpha ? image.extractBand(0, { n: image.bands - 1 }) : image;
  const grey = colour.bands < 3;
  if (grey) colour = colour.colourspace("srgb");
  const { width, height } = colour;
  // 8-bit sRGB after normalise(), so the bytes are interleaved RGB; the network takes planes.
  const rgb = new Uint8Array(colour.writeToMemory().buffer);
  const planes = new Float32Array(3 * width * height);
  const plane = width * height;
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) planes[c * plane + i] = (rgb[i * 3 + c]! / 255) * PIXEL_RANGE;

  const model = await upscaler(scale);
  const result = await runTiled(planes, height, width, model, { tile: TILE, signal: context.signal, onProgress: context.onProgress });

  const outW = width * scale;
  const outPlane = outW * height * scale;
  const bytes = new Uint8Array(outPlane * 3);
  for (let i = 0; i < outPlane; i++)
    for (let c = 0; c < 3; c++) bytes[i * 3 + c] = Math.min(255, Math.max(0, Math.round((result[c * outPlane + i]! / PIXEL_RANGE) * 255)));
  let out = vips.Image.newFromMemory(bytes, outW, height * scale, 3, vips.BandFormat.uchar).copy({ interpretation: "srgb" });
  if (grey) out = out.colourspace("b-w");
  if (alpha) {
    const a = lanczosUpscale(new Uint8Array(alpha.writeToMemory().buffer), width, height, 1, scale);
    out = out.bandjoin(vips.Image.newFromMemory(a, outW, height * scale, 1, vips.BandFormat.uchar));
  }
  return out;
}
