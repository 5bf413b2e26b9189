// Heavy converters (a server.ts in their folder) on the worker: decoded and checked exactly as
// the pixel pipeline does, then run asynchronously with progress and cancel, then encoded.
import { encode } from "./encode";
import { asConversionError, ConversionError } from "./errors";
import { defaultOutputFor } from "./formats";
import { checkSource, DEFAULT_QUALITY, normalise, openHeader, parseParams, type PipelineRequest, type PipelineResult } from "./pipeline";
import { findMeta } from "./registry";
import { serverRunners } from "./server-runners.generated";
import type { ServerContext, ServerRun, VipsModule } from "./types";

const runById = new Map(serverRunners.map((r) => [r.meta.id, r.run]));

export const isServerConverter = (id: string) => runById.has(id);

/** Runs one server converter on an encoded image. A request's other steps are refused. */
export async function runServerConversion(
  vips: VipsModule,
  input: Uint8Array,
  request: PipelineRequest,
  maxPixels: number,
  context: ServerContext,
): Promise<PipelineResult> {
  const [step, ...others] = request.steps;
  const meta = step && findMeta(step.converter);
  const run = step && (runById.get(step.converter) as ServerRun<unknown> | undefined);
  if (!meta || !run || others.length) throw new ConversionError("unknown-converter", "A server conversion runs exactly one server converter.");
  const params = parseParams(meta, step.params);
  const source = checkSource(input);
  const format = request.format ?? defaultOutputFor(source);
  const quality = Math.round(Math.min(100, Math.max(1, request.quality ?? DEFAULT_QUALITY)));
  try {
    openHeader(vips, input, maxPixels);
    const image = normalise(vips.Image.newFromBuffer(input, "", { access: "random", fail_on: "truncated" }));
    const out = await run(vips, image, params, context);
    const { data, mime } = encode(out, { format, quality });
    return { data, mime, format, width: out.width, height: out.height };
  } catch (error) {
    if (context.signal.aborted) throw context.signal.reason;
    throw asConversionError(error);
  }
}
