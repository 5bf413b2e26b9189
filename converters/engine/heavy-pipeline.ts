// A chain with heavy steps (DeepDream, AI upscale) on the server's worker or in the browser
// worker: decoded once and checked exactly as the pixel pipeline does, pixel steps as lazy
// libvips graphs, heavy ones awaited with progress and cancel, encoded once. Which heavy
// implementations exist is the caller's: server.ts or device.ts.
import { Chain } from "./chain";
import { exportImage, exportSettings } from "./export-image";
import { asConversionError, ConversionError } from "./errors";
import { defaultFormatFor } from "./output-format";
import { checkSource, decodeFor, DEFAULT_MAX_JOB_BYTES, headerShape, openHeader, parseParams, type PipelineRequest, type PipelineResult, planned } from "./pipeline";
import { DEFAULT_MAX_OUTPUT_PIXELS, planSteps } from "./plan";
import { findMeta } from "../registry";
import { runners } from "../runners.generated";
import type { ConverterMeta, HeavyContext, PixelRun, VipsImage, VipsModule } from "../types";
import { handleMark } from "./vips-handles";

export type HeavyRun<C extends HeavyContext> = (vips: VipsModule, image: VipsImage, params: never, context: C) => Promise<VipsImage>;

type ChainStep<C extends HeavyContext> = { meta: ConverterMeta; params: Record<string, unknown> } & ({ pixel: PixelRun<never> } | { heavy: HeavyRun<C> });

const pixelRuns = new Map(runners.map((r) => [r.meta.id, r.run]));

/** True when a chain has a step only a heavy runtime can run. */
export const hasHeavyStep = (steps: { converter: string }[]) => steps.some((s) => findMeta(s.converter)?.runsOn === "server");

/** Runs a chain of pixel and heavy steps on an encoded image: one decode, one encode. */
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
  const steps: ChainStep<C>[] = request.steps.map((step) => {
    const meta = findMeta(step.converter);
    if (!meta) throw new ConversionError("unknown-converter", `Unknown converter "${step.converter}".`);
    const pixel = pixelRuns.get(meta.id);
    const heavy = heavyRuns.get(meta.id);
    if (!pixel && !heavy) throw new ConversionError("unknown-converter", `${meta.name} cannot run here.`);
    const params = parseParams(meta, step.params);
    return pixel ? { meta, params, pixel } : { meta, params, heavy: heavy! };
  });
  const source = checkSource(input);
  const format = request.format ?? defaultFormatFor(source, request.steps);
  const settings = exportSettings(request, format);
  try {
    const mark = handleMark(vips);
    const header = openHeader(vips, input, maxPixels);
    const plan = planSteps(planned(steps), headerShape(header, input), { maxOutputPixels, format, maxJobBytes, encode: { format, targetBytes: request.targetBytes } });
    const decoded = decodeFor(vips, input, header, steps);
    const chain = new Chain(vips, decoded.image, { streamed: decoded.streamed, mark });
    // Progress is shared among the steps by their estimated time; pixel steps are near free.
    const skipped = steps.length - decoded.rest.length;
    let done = plan.stepSeconds.slice(0, skipped).reduce((a, b) => a + b, 0);
    for (const [i, step] of decoded.rest.entries()) {
      const share = plan.stepSeconds[skipped + i]!;
      if ("pixel" in step) chain.pixel(step.meta, step.pixel, step.params as never);
      else {
        const start = done;
        const onProgress = (p: number) => context.onProgress(Math.min(1, (start + p * share) / plan.seconds));
        await chain.heavy((image) => step.heavy(vips, image, step.params as never, { ...context, onProgress }));
      }
      done += share;
      context.onProgress(Math.min(1, done / plan.seconds));
    }
    const image = chain.image;
    return { ...exportImage(image, settings), format, width: image.width, height: image.height };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    throw asConversionError(error);
  }
}
