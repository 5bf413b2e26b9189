import { Chain } from "./chain";
import { exportImage, exportSettings, type Exported, type ExportRequest } from "./export-image";
import { asConversionError, ConversionError } from "./errors";
import { type OutputFormat, sniffFormat } from "./formats";
import { defaultFormatFor } from "./output-format";
import { DEFAULT_MAX_OUTPUT_PIXELS, type PlannedStep, planSteps } from "./plan";
import type { SourceShape } from "./plan-memory";
import { findMeta } from "../registry";
import { runners } from "../runners.generated";
import { costs } from "../costs.generated";
import type { ConverterMeta, PixelRun, VipsImage, VipsModule } from "../types";
import { handleMark } from "./vips-handles";

export interface Step {
  converter: string;
  params?: Record<string, unknown>;
}

export interface PipelineRequest extends ExportRequest {
  steps: Step[];
}

export interface PipelineResult extends Exported {
  format: OutputFormat;
  width: number;
  height: number;
}

export const DEFAULT_MAX_PIXELS = 40_000_000;
/**
 * Bytes a job may hold at its peak (converters/engine/plan-memory.ts) where no other limit is given:
 * the browser worker. wasm-vips' heap stops at 2 GiB, and a tab has less to spare than a server.
 */
export const DEFAULT_MAX_JOB_BYTES = 1024 * 1024 * 1024;
export { DEFAULT_MAX_OUTPUT_PIXELS };
export { DEFAULT_QUALITY } from "./export-image";

interface ResolvedStep {
  meta: ConverterMeta;
  params: Record<string, unknown>;
  run: PixelRun<never>;
}

const runById = new Map(runners.map((r) => [r.meta.id, r.run]));

/** Checks every step's converter and params before any pixel is touched. */
export function resolveSteps(steps: Step[]): ResolvedStep[] {
  return steps.map((step) => {
    const meta = findMeta(step.converter);
    const run = runById.get(step.converter);
    if (!meta) throw new ConversionError("unknown-converter", `Unknown converter "${step.converter}".`);
    if (!run) throw new ConversionError("unknown-converter", `${meta.name} runs on the server, not in this pipeline.`);
    return { meta, params: parseParams(meta, step.params), run };
  });
}

/** A step's params with defaults filled in, or an invalid-params error naming the field. */
export function parseParams(meta: ConverterMeta, params: Record<string, unknown> | undefined): Record<string, unknown> {
  const parsed = meta.params.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConversionError("invalid-params", `${meta.name}: ${issue?.path.join(".") || "params"}: ${issue?.message}`);
  }
  return parsed.data as Record<string, unknown>;
}

/** Steps as the planner takes them, with what their metas say about memory. */
export const planned = (steps: { meta: ConverterMeta; params: Record<string, unknown> }[]): PlannedStep[] =>
  steps.map((s) => ({ converter: s.meta.id, params: s.params, rereads: s.meta.rereads, heavy: s.meta.runsOn === "server" }));

const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** What the decoder will hold, from libvips' own reading of the header: the truth the API's estimate is checked against. */
export function headerShape(header: VipsImage, input: Uint8Array): SourceShape {
  const frames = header.getTypeof("n-pages") ? Math.max(1, header.getInt("n-pages")) : 1;
  return { ...uprightSize(header), bands: header.bands, bytesPerSample: BYTES_PER_SAMPLE[String(header.format)] ?? 8, frames, format: sniffFormat(input) };
}

/** The picture's size once upright: EXIF orientations 5 to 8 swap the sides. */
export function uprightSize(header: VipsImage): { width: number; height: number } {
  return orientation(header) >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

function orientation(image: VipsImage): number {
  return image.getTypeof("orientation") ? image.getInt("orientation") : 1;
}

/** The input's format, refusing what cannot be decoded before any work is done. */
export function checkSource(input: Uint8Array): Exclude<ReturnType<typeof sniffFormat>, undefined> {
  const source = sniffFormat(input);
  if (!source) throw new ConversionError("unsupported-type", "This file is not a JPEG, PNG, WebP, AVIF, GIF or TIFF image.");
  if (source === "heic") {
    // wasm-vips' libheif carries the AV1 codec only; HEVC decoding is not in the build.
    throw new ConversionError("unsupported-type", "HEIC photos cannot be opened yet. Export the photo as JPEG and try again.");
  }
  return source;
}

/** Reads the header only, so the pixel limit holds before any full decode. */
export function openHeader(vips: VipsModule, input: Uint8Array, maxPixels: number): VipsImage {
  const header = vips.Image.newFromBuffer(input, "", { access: "sequential", fail_on: "truncated" });
  // Every frame of an animation counts: a thousand small frames are a decompression bomb too.
  const pages = header.getTypeof("n-pages") ? Math.max(1, header.getInt("n-pages")) : 1;
  if (header.width * header.height * pages > maxPixels) {
    throw new ConversionError(
      "too-many-pixels",
      `The image has ${header.width}×${header.height} pixels${pages > 1 ? ` in each of ${pages} frames` : ""}; the limit is ${(maxPixels / 1e6).toFixed(0)} megapixels.`,
    );
  }
  return header;
}

/** 8-bit sRGB or grey, upright: the one shape every converter may assume. */
export function normalise(image: VipsImage): VipsImage {
  let out = orientation(image) > 1 ? image.autorot() : image;
  const interpretation = String(out.interpretation);
  if (interpretation !== "srgb" && interpretation !== "b-w") {
    const colourBands = out.hasAlpha() ? out.bands - 1 : out.bands;
    out = out.colourspace(colourBands >= 3 ? "srgb" : "b-w");
  }
  return out.format === "uchar" ? out : out.cast("uchar");
}

/** A step's output size, rounded to whole pixels, from its cost's outputSize: what a shrinking decoder makes. */
function loadSize(meta: ConverterMeta, size: { width: number; height: number }, params: Record<string, unknown>) {
  const out = costs[meta.id]?.outputSize?.(size, params as never);
  return out && { width: Math.max(1, Math.round(out.width)), height: Math.max(1, Math.round(out.height)) };
}

/**
 * The decoded, normalised input and the steps left to run on it. A leading step that shrinks on
 * load (its meta says so: Resize) is done by the decoder; a chain of sequential steps on an
 * upright image streams instead of decoding whole.
 */
export function decodeFor<S extends { meta: ConverterMeta; params: Record<string, unknown> }>(vips: VipsModule, input: Uint8Array, header: VipsImage, steps: S[]): { image: VipsImage; rest: S[]; streamed: boolean } {
  const upright = orientation(header) <= 1;
  const first = steps[0];
  const target = first?.meta.shrinksOnLoad ? loadSize(first.meta, uprightSize(header), first.params) : undefined;
  if (target) {
    // JPEG and WebP decoders can scale down while decoding; thumbnail also applies the orientation tag.
    const image = vips.Image.thumbnailBuffer(input, target.width, {
      height: target.height,
      size: "force",
      // thumbnail takes loader options only through option_string; a fail_on here is ignored.
      option_string: "fail_on=truncated",
    });
    // thumbnail reads its source sequentially: a step that reads its input twice needs a copy.
    return { image: normalise(image), rest: steps.slice(1), streamed: true };
  }
  const sequential = upright && steps.every((s) => s.meta.sequential);
  const image = sequential ? header : vips.Image.newFromBuffer(input, "", { access: "random", fail_on: "truncated" });
  return { image: normalise(image), rest: steps, streamed: sequential };
}

/**
 * Decodes once, applies every step as one lazy libvips graph, encodes once. Nothing is encoded
 * between steps, and libvips streams the chain in tiles when every step allows it.
 */
export function runPipeline(
  vips: VipsModule,
  input: Uint8Array,
  request: PipelineRequest,
  maxPixels = DEFAULT_MAX_PIXELS,
  maxOutputPixels = DEFAULT_MAX_OUTPUT_PIXELS,
  maxJobBytes = DEFAULT_MAX_JOB_BYTES,
): PipelineResult {
  const source = checkSource(input);
  const steps = resolveSteps(request.steps);
  const format = request.format ?? defaultFormatFor(source, request.steps);
  const settings = exportSettings(request, format);
  try {
    // Taken before the decode, so the first copy a chain makes frees the decoded input too.
    const mark = handleMark(vips);
    const header = openHeader(vips, input, maxPixels);
    // Before any decode: a result too large, thinner than a pixel, or holding more memory than
    // allowed is refused here as the API does, now from libvips' own reading of the header.
    planSteps(planned(steps), headerShape(header, input), { maxOutputPixels, format, maxJobBytes, encode: { format, targetBytes: request.targetBytes } });
    const decoded = decodeFor(vips, input, header, steps);
    const chain = new Chain(vips, decoded.image, { streamed: decoded.streamed, mark });
    for (const step of decoded.rest) chain.pixel(step.meta, step.run, step.params as never);
    const image = chain.image;
    return { ...exportImage(image, settings), format, width: image.width, height: image.height };
  } catch (error) {
    throw asConversionError(error);
  }
}
