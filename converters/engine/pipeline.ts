// The one pipeline, for light and heavy steps alike: the photo decoded once and checked (magic
// bytes, pixel limit, the plan's output, time and memory limits), pixel steps applied as one lazy
// libvips graph, heavy ones (DeepDream, AI upscale, …) awaited with progress and cancel, encoded
// once. Which heavy implementations exist is the caller's: server.ts or device.ts runners, or none.
import { Chain } from "./chain";
import { checkSource, decodeFor, headerShape, openHeader } from "./decode";
import { exportImage, exportSettings, type Exported, type ExportRequest } from "./export-image";
import { asConversionError, ConversionError } from "./errors";
import type { OutputFormat } from "./formats";
import { defaultFormatFor } from "./output-format";
import { DEFAULT_MAX_OUTPUT_PIXELS, type PlannedStep, planSteps } from "./plan";
import { findMeta } from "../registry";
import { runners } from "../runners.generated";
import type { ConverterMeta, HeavyContext, JobAttachments, PixelRun, VipsImage, VipsModule } from "../types";
import { handleMark } from "./vips-handles";

export interface Step {
  converter: string;
  params?: Record<string, unknown>;
}

export interface PipelineRequest extends ExportRequest {
  steps: Step[];
  /** The job's files besides its image, for the heavy steps that read them. */
  attachments?: JobAttachments;
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

export type HeavyRun<C extends HeavyContext> = (vips: VipsModule, image: VipsImage, params: never, context: C) => Promise<VipsImage>;
type Resolved = { meta: ConverterMeta; params: Record<string, unknown> };
export type PixelStep = Resolved & { run: PixelRun<never> };
type ChainStep<C extends HeavyContext> = PixelStep | (Resolved & { heavy: HeavyRun<C> });

const runById = new Map(runners.map((r) => [r.meta.id, r.run]));
const NO_HEAVY: ReadonlyMap<string, HeavyRun<never>> = new Map();

/** True when a chain has a step only a heavy runtime can run. */
export const hasHeavyStep = (steps: { converter: string }[]) => steps.some((s) => findMeta(s.converter)?.runsOn === "server");

/** A step's converter and params, checked, wherever it may run: unknown-converter or invalid-params otherwise. */
export function resolveStep(step: Step): Resolved {
  const meta = metaOf(step);
  return { meta, params: parseParams(meta, step.params) };
}

function metaOf(step: Step): ConverterMeta {
  const meta = findMeta(step.converter);
  if (!meta) throw new ConversionError("unknown-converter", `Unknown converter "${step.converter}".`);
  return meta;
}

/** Checks every step's converter and params before any pixel is touched; heavy steps run where `heavyRuns` has them. */
function resolveChain<C extends HeavyContext>(steps: Step[], heavyRuns: ReadonlyMap<string, HeavyRun<C>>): ChainStep<C>[] {
  return steps.map((step) => {
    const meta = metaOf(step);
    const run = runById.get(meta.id);
    const heavy = heavyRuns.get(meta.id);
    if (!run && !heavy) throw new ConversionError("unknown-converter", heavyRuns.size ? `${meta.name} cannot run here.` : `${meta.name} runs on the server, not in this pipeline.`);
    const params = parseParams(meta, step.params);
    return run ? { meta, params, run } : { meta, params, heavy: heavy! };
  });
}

/** The steps of a pixel-only chain, checked as resolveChain does. */
export function resolveSteps(steps: Step[]): PixelStep[] {
  return resolveChain(steps, NO_HEAVY).map((s) => {
    if (!("run" in s)) throw new ConversionError("unknown-converter", `${s.meta.name} runs on the server, not in this pipeline.`);
    return s;
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
export const planned = (steps: Resolved[]): PlannedStep[] =>
  steps.map((s) => ({ converter: s.meta.id, params: s.params, rereads: s.meta.rereads, heavy: s.meta.runsOn === "server" }));

interface Limits {
  maxPixels: number;
  maxOutputPixels: number;
  maxJobBytes: number;
}

/**
 * Everything before the steps run, the same for every chain: the source checked, the steps
 * resolved, the plan made from libvips' own reading of the header (a result too large, thinner
 * than a pixel, or holding more memory than allowed is refused here as the API does), and the
 * photo decoded into a chain.
 */
function prepare<C extends HeavyContext>(vips: VipsModule, input: Uint8Array, request: PipelineRequest, limits: Limits, heavyRuns: ReadonlyMap<string, HeavyRun<C>>) {
  const source = checkSource(input);
  const steps = resolveChain(request.steps, heavyRuns);
  const format = request.format ?? defaultFormatFor(source, request.steps);
  const settings = exportSettings(request, format);
  // Taken before the decode, so the first copy a chain makes frees the decoded input too.
  const mark = handleMark(vips);
  const header = openHeader(vips, input, limits.maxPixels);
  const plan = planSteps(planned(steps), headerShape(header, input), { maxOutputPixels: limits.maxOutputPixels, format, maxJobBytes: limits.maxJobBytes, encode: { format, targetBytes: request.targetBytes } });
  const decoded = decodeFor(vips, input, header, steps);
  const chain = new Chain(vips, decoded.image, { streamed: decoded.streamed, mark });
  const finish = (): PipelineResult => {
    const image = chain.image;
    return { ...exportImage(image, settings), format, width: image.width, height: image.height };
  };
  return { chain, plan, rest: decoded.rest, skipped: steps.length - decoded.rest.length, finish };
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
  try {
    const { chain, rest, finish } = prepare(vips, input, request, { maxPixels, maxOutputPixels, maxJobBytes }, NO_HEAVY);
    // With no heavy runs given, resolveChain admitted pixel steps only.
    for (const step of rest) if ("run" in step) chain.pixel(step.meta, step.run, step.params as never);
    return finish();
  } catch (error) {
    throw asConversionError(error);
  }
}

/** Runs a chain of pixel and heavy steps on an encoded image: one decode, one encode, progress by the plan's time. */
export async function runHeavyConversion<C extends HeavyContext>(
  heavyRuns: ReadonlyMap<string, HeavyRun<C>>,
  vips: VipsModule,
  input: Uint8Array,
  request: PipelineRequest,
  maxPixels: number,
  context: C,
  maxOutputPixels = DEFAULT_MAX_OUTPUT_PIXELS,
  maxJobBytes = DEFAULT_MAX_JOB_BYTES,
): Promise<PipelineResult> {
  try {
    const { chain, plan, rest, skipped, finish } = prepare(vips, input, request, { maxPixels, maxOutputPixels, maxJobBytes }, heavyRuns);
    // Progress is shared among the steps by their estimated time; pixel steps are near free.
    let done = plan.stepSeconds.slice(0, skipped).reduce((a, b) => a + b, 0);
    for (const [i, step] of rest.entries()) {
      const share = plan.stepSeconds[skipped + i]!;
      if ("run" in step) chain.pixel(step.meta, step.run, step.params as never);
      else {
        const start = done;
        const onProgress = (p: number) => context.onProgress(Math.min(1, (start + p * share) / plan.seconds));
        await chain.heavy((image) => step.heavy(vips, image, step.params as never, { ...context, onProgress, ...(request.attachments && { attachments: request.attachments }) }));
      }
      done += share;
      context.onProgress(Math.min(1, done / plan.seconds));
    }
    return finish();
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    throw asConversionError(error);
  }
}
