// Heavy converters (DeepDream) on the server's worker or in the browser worker: decoded and
// checked exactly as the pixel pipeline does, then run asynchronously with progress and
// cancel, then encoded. Which implementations exist is the caller's: server.ts or device.ts.
import { encode } from "./encode";
import { asConversionError, ConversionError } from "./errors";
import { defaultOutputFor } from "./formats";
import { checkSource, DEFAULT_QUALITY, normalise, openHeader, parseParams, type PipelineRequest, type PipelineResult, uprightSize } from "./pipeline";
import { DEFAULT_MAX_OUTPUT_PIXELS, planSteps } from "./plan";
import { findMeta } from "./registry";
import type { HeavyContext, VipsImage, VipsModule } from "./types";

export type HeavyRun<C extends HeavyContext> = (vips: VipsModule, image: VipsImage, params: never, context: C) => Promise<VipsImage>;

/** Runs one heavy converter on an encoded image. A request's other steps are refused. */
export async function runHeavyConversion<C extends HeavyContext>(
  runners: ReadonlyMap<string, HeavyRun<C>>,
  vips: VipsModule,
  input: Uint8Array,
  request: PipelineRequest,
  maxPixels: number,
  context: C,
  maxOutputPixels = DEFAULT_MAX_OUTPUT_PIXELS,
): Promise<PipelineResult> {
  const [step, ...others] = request.steps;
  const meta = step && findMeta(step.converter);
  const run = step && runners.get(step.converter);
  if (!meta || !run || others.length) throw new ConversionError("unknown-converter", "A heavy conversion runs exactly one heavy converter.");
  const params = parseParams(meta, step.params);
  const source = checkSource(input);
  const format = request.format ?? defaultOutputFor(source);
  const quality = Math.round(Math.min(100, Math.max(1, request.quality ?? DEFAULT_QUALITY)));
  try {
    const header = openHeader(vips, input, maxPixels);
    planSteps([{ converter: meta.id, params }], uprightSize(header), { maxOutputPixels, format });
    const image = normalise(vips.Image.newFromBuffer(input, "", { access: "random", fail_on: "truncated" }));
    const out = await run(vips, image, params as never, context);
    const { data, mime } = encode(out, { format, quality });
    return { data, mime, format, width: out.width, height: out.height };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    throw asConversionError(error);
  }
}
