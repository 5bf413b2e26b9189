// The DeepDream converter's pixel side, shared by the server (server.ts) and the device
// (device.ts): fit the size, split off alpha, dream the RGB planes, put the picture back together.
import type { z } from "zod";
import type { HeavyContext, VipsImage, VipsModule } from "../types";
import { cost, MIN_SIDE } from "./cost";
import { dream, type GradientFn } from "./dream";
import type { meta } from "./meta";
import { workingImage } from "./working-image";

export type DreamParams = z.output<typeof meta.params>;

export { MIN_SIDE };
/** Measured on 2 cores: 256 px tiles dream faster than 512 ones and peak lower; seams move every step. */
const TILE = 256;

/** `gradient` is asked for only once the picture is known to fit, so a refusal costs no model load. */
export async function dreamImage(vips: VipsModule, image: VipsImage, params: DreamParams, gradient: () => Promise<GradientFn>, context: HeavyContext): Promise<VipsImage> {
  const working = workingImage(vips, image, params.maxSize, (size) => cost.refuse!(size, params));
  const options = { ...params, tile: TILE, minSide: MIN_SIDE };
  return working.finish(await dream(working.planar, options, { gradient: await gradient(), signal: context.signal, onProgress: context.onProgress }));
}
