// A job's output size and run time, known from the image header and the params before any
// pixel is decoded. The API refuses from it at submission (422), the worker sets the job's
// deadline from it, the device pipeline makes the same check with the same words, and the
// editor shows the estimate.
import { costs } from "../costs.generated";
import { encodeSeconds, type EncodeCostInput } from "./encode-cost";
import { ConversionError } from "./errors";
import type { OutputFormat } from "./formats";
import { decodedBytes, formatMegabytes, MemoryPlan, type SourceShape } from "./plan-memory";
import type { ConverterMeta, Size } from "../types";

export const DEFAULT_MAX_OUTPUT_PIXELS = 40_000_000;

// On the reference worker, measured over a grid of chains and sizes (converters/engine/plan-calibration.test.ts):
// a job starts and decodes its input once; each pixel op is one more pass over its pixels.
const START_SECONDS = 0.05;
const DECODE_SECONDS_PER_PIXEL = 2e-8;
const PIXEL_SECONDS = 1.5e-8;

/** The largest side each format's encoder writes (libwebp 16383, libjpeg 65535, libheif's AVIF 16384). */
const MAX_SIDE: Partial<Record<OutputFormat, number>> = { webp: 16383, jpeg: 65535, avif: 16384 };

export interface PlannedStep {
  converter: string;
  /** Parsed, with defaults. */
  params: Record<string, unknown>;
  /** From the meta, where the caller has it: what the step holds in memory (plan-memory.ts). */
  rereads?: ConverterMeta["rereads"];
  heavy?: boolean;
}

export interface Plan {
  output: Size;
  /** Bytes held at the peak: the decoded input with its decoder's copies, a step's copies, the encoder's. */
  peakBytes: number;
  /** Estimated seconds on the reference worker. */
  seconds: number;
  /** The same, step by step: how a chain's progress is shared among its steps. */
  stepSeconds: number[];
}

export interface PlanLimits {
  maxOutputPixels: number;
  /** Unset: no cost limit (the device runs whatever its user asks). */
  maxJobSeconds?: number;
  format?: OutputFormat;
  /** The export's encoder settings: slow efforts and a target-size search cost real time. */
  encode?: EncodeCostInput;
  /** Unset: no memory limit (the device runs whatever fits). */
  maxJobBytes?: number;
}

const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(pixels < 1e7 ? 1 : 0)} megapixels`;

/** Follows the size through every step; throws a ConversionError a person can act on. */
export function planSteps(steps: PlannedStep[], input: SourceShape, limits: PlanLimits): Plan {
  let size: Size = { width: input.width, height: input.height };
  // Unknown bands: assume alpha, the dearer case for the ops whose cost it changes.
  let alpha = input.bands === undefined ? undefined : input.bands === 2 || input.bands === 4;
  let seconds = START_SECONDS + DECODE_SECONDS_PER_PIXEL * input.width * input.height;
  const memory = new MemoryPlan(input);
  const stepSeconds: number[] = [];
  for (const step of steps) {
    const before = seconds;
    const cost = costs[step.converter];
    const params = step.params as never;
    const refusal = cost?.refuse?.(size, params);
    if (refusal) throw new ConversionError("too-many-pixels", refusal);
    seconds += cost?.workSeconds ? cost.workSeconds({ ...size, alpha }, params) : PIXEL_SECONDS * size.width * size.height;
    if (cost?.addsAlpha?.(params)) alpha = true;
    const next = cost?.outputSize ? cost.outputSize(size, params) : size;
    const out = { width: Math.round(next.width), height: Math.round(next.height) };
    if (!(out.width >= 1 && out.height >= 1)) {
      throw new ConversionError("output-too-large", `The result would be thinner than one pixel (${next.width.toPrecision(3)}×${next.height.toPrecision(3)}); choose a larger size.`);
    }
    const pixels = out.width * out.height;
    if (!Number.isSafeInteger(pixels) || pixels > limits.maxOutputPixels) {
      const what = Number.isSafeInteger(pixels) ? `${out.width}×${out.height} (${megapixels(pixels)})` : "larger than any image can be";
      // An enlarging step (an upscale): the largest input of this shape whose result fits.
      const growth = (next.width * next.height) / (size.width * size.height);
      const fits = growth > 1 && Number.isFinite(growth) ? Math.sqrt(limits.maxOutputPixels / growth / (size.width * size.height)) : 0;
      const advice =
        fits > 0 && fits < 1
          ? `The largest input that fits is ${Math.floor(size.width * fits)}×${Math.floor(size.height * fits)}; resize the photo first or choose a smaller scale.`
          : "Choose a smaller size.";
      throw new ConversionError("output-too-large", `The result would be ${what}; the limit is ${megapixels(limits.maxOutputPixels)}. ${advice}`);
    }
    if (cost?.outputSize) seconds += PIXEL_SECONDS * pixels;
    stepSeconds.push(seconds - before);
    memory.step(size, out, { rereads: !!step.rereads, heavy: step.heavy, workingBytes: cost?.workingBytes?.(size, params) });
    size = out;
  }
  if (limits.encode) seconds += encodeSeconds(size.width * size.height, limits.encode);
  memory.encode(size, limits.format, limits.encode?.targetBytes !== undefined);
  if (limits.maxJobBytes !== undefined && memory.peak > limits.maxJobBytes) {
    throw new ConversionError("too-much-memory", tooMuchMemory(input, memory.peak, limits.maxJobBytes));
  }
  const maxSide = limits.format && MAX_SIDE[limits.format];
  if (maxSide && Math.max(size.width, size.height) > maxSide) {
    throw new ConversionError("output-too-large", `The result would be ${size.width}×${size.height}; ${limits.format!.toUpperCase()} holds at most ${maxSide} px a side. Choose a smaller size or another format.`);
  }
  if (limits.maxJobSeconds !== undefined && seconds > limits.maxJobSeconds) {
    const costly = steps.find((s) => costs[s.converter]?.cheaper);
    const encodeShare = limits.encode ? encodeSeconds(size.width * size.height, limits.encode) / seconds : 0;
    const advice = encodeShare > 0.5 ? "lower the encoder's effort, or drop the target size" : costly && costs[costly.converter]!.cheaper!(input, costly.params as never, limits.maxJobSeconds);
    throw new ConversionError(
      "too-costly",
      `This would take about ${formatSeconds(seconds)} on the server; the limit is ${formatSeconds(limits.maxJobSeconds)}. ${advice ? advice[0]!.toUpperCase() + advice.slice(1) : "Choose a smaller image or fewer steps"}.`,
    );
  }
  return { output: size, seconds, stepSeconds, peakBytes: memory.peak };
}

/** Why a job would hold too much, with what the person can lower. */
function tooMuchMemory(input: SourceShape, peak: number, limit: number): string {
  const depth = (input.bytesPerSample ?? 1) > 1 ? `, ${(input.bytesPerSample ?? 1) * 8}-bit` : "";
  const what = `${input.width}×${input.height}${(input.frames ?? 1) > 1 ? ` × ${input.frames} frames` : ""}${depth}`;
  const decode = decodedBytes(input);
  const advice =
    decode > limit / 2
      ? `Send it smaller${depth ? " or at 8 bits per channel" : ""}${input.format === "avif" || input.format === "heic" ? ", or as JPEG or PNG" : ""}.`
      : "Resize it smaller first, use fewer steps, or choose JPEG or PNG.";
  return `This job would hold about ${formatMegabytes(peak)} of image memory at once (the image is ${what}); the limit is ${formatMegabytes(limit)}. ${advice}`;
}

/** How long a job may run before the worker ends it: generous, for a slower or busier machine. */
export function deadlineSeconds(estimate: number): number {
  return Math.ceil(30 + 4 * estimate);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
