// How long an upscale takes, per megapixel of output, on the reference worker's one conversion
// thread (npm run bench:upscale -- --threads 1: 4.4 s at ×2, 1.2 s at ×4 on onnxruntime-node).
// The network runs at the input's size, so ×4 costs less per output pixel than ×2. The start is
// the graph's generation and session, once per thread.
import type { CostOf, Size } from "../types";
import type { meta } from "./meta";

const SECONDS_PER_OUTPUT_MP: Record<number, number> = { 2: 4.4, 4: 1.2 };
const START_SECONDS = 1;
/** onnxruntime-web's WASM build against onnxruntime-node on the same 2 cores: 5.2× at ×2, 4.8× at ×4 (bench:upscale). */
const DEVICE_ENGINE_RATIO = 5;

/** Why the device cannot upscale a picture of this size (device.ts refuses it with these words). */
export function deviceRefusal({ width, height }: Size, maxSide: number): string | undefined {
  if (Math.max(width, height) <= maxSide) return undefined;
  return `On this device AI upscale takes photos up to ${maxSide} px on the long side; this one is ${width}×${height}. Resize it first, or run it on the server.`;
}

/**
 * The largest result it makes. The full-size float planes and the back-projection peak at about
 * 1.3 GB RSS for 27 MP (scratch measurement, 2 cores), so 24 MP keeps a job well inside the
 * chart's 2 GiB worker limit, whatever MAX_OUTPUT_PIXELS allows.
 */
export const MAX_UPSCALE_PIXELS = 24_000_000;

export const cost: CostOf<typeof meta> = {
  refuse: ({ width, height }, p) => {
    if (width * height * p.scale ** 2 <= MAX_UPSCALE_PIXELS) return undefined;
    const fits = Math.sqrt(MAX_UPSCALE_PIXELS / p.scale ** 2 / (width * height));
    return `AI upscale makes results up to ${MAX_UPSCALE_PIXELS / 1e6} megapixels; ×${p.scale} of this ${width}×${height} picture would be ${((width * height * p.scale ** 2) / 1e6).toFixed(0)}. The largest input that fits is ${Math.floor(width * fits)}×${Math.floor(height * fits)}; resize the photo first or choose a smaller scale.`;
  },
  outputSize: (size, p) => ({ width: size.width * p.scale, height: size.height * p.scale }),
  workSeconds: (size, p) => START_SECONDS + ((size.width * size.height * p.scale ** 2) / 1e6) * (SECONDS_PER_OUTPUT_MP[p.scale] ?? 4.4),
  onDevice: (size, p, maxSide) => {
    const refuse = deviceRefusal(size, maxSide);
    return refuse ? { refuse } : { params: p };
  },
  deviceEngineRatio: DEVICE_ENGINE_RATIO,
  cheaper: (size, p) => (p.scale > 2 ? "lower Scale to 2× or upscale a smaller crop" : "upscale a smaller crop or resize the photo first"),
};
