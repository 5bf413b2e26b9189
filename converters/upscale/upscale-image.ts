// The AI upscale converter's pixel side, shared by the server (server.ts) and the device
// (device.ts): colour through the network in tiles, alpha by Lanczos, grey back to grey.
import type { z } from "zod";
import { runTiled } from "../ml/tiles";
import { lanczosPlane, lanczosUpscale } from "./lanczos";
import type { HeavyContext, VipsImage, VipsModule } from "../types";
import type { meta } from "./meta";
import { PIXEL_RANGE, type Scale, type Upscaler } from "./model";

export type UpscaleParams = z.output<typeof meta.params>;

/** Input pixels per tile side: measured on 2 cores, larger tiles gain little and peak higher. */
const TILE = 192;

/**
 * One step of back-projection (Irani and Peleg): the result, averaged over each source pixel's
 * footprint, should give that pixel back, as a sensor integrates light over its area. What it
 * misses by is enlarged (Lanczos-3) and added. It takes out the network's drift in tone and
 * colour and part of its ringing: +0.2 to +0.9 dB PSNR on the test photos (README, "AI upscale").
 */
export function backProject(result: Float32Array, source: Float32Array, width: number, height: number, scale: number): void {
  const outW = width * scale;
  const plane = width * height;
  const outPlane = plane * scale * scale;
  const miss = new Float32Array(plane);
  for (let c = 0; c < 3; c++) {
    miss.fill(0);
    for (let y = 0; y < height * scale; y++)
      for (let x = 0; x < outW; x++) miss[Math.floor(y / scale) * width + Math.floor(x / scale)]! += result[c * outPlane + y * outW + x]!;
    for (let i = 0; i < plane; i++) miss[i] = source[c * plane + i]! - miss[i]! / (scale * scale);
    const correction = lanczosPlane(miss, width, height, scale);
    for (let i = 0; i < outPlane; i++) result[c * outPlane + i]! += correction[i]!;
  }
}

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
  backProject(result, planes, width, height, scale);

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
