// The photo a server job gets from the browser: shrunk to what its chain uses (input-need.ts) and
// encoded within the server's upload limits, by the same pipeline as every other result, so the
// orientation is applied and the colour profile and metadata follow the export's policy.
import type { MetadataMode } from "./encoder-options";
import { ConversionError } from "./errors";
import type { OutputFormat } from "./formats";
import { planUpload, type UploadLimits } from "./input-need";
import { planned, resolveStep, runPipeline, type PipelineResult, type Step } from "./pipeline";
import { checkSource, headerShape, openHeader } from "./decode";
import { scaleParams } from "./photo-session";
import { metas } from "../registry";
import type { ConverterMeta, VipsModule } from "../types";

/** Quality of a lossy upload that fits as it is: near-lossless, so the server's result matches the device's. */
const UPLOAD_QUALITY = 92;
/** A target a little under the limit: the multipart framing around the file is allowed for, not the file past it. */
const TARGET_SHARE = 0.95;
/** The photo is read whatever its size (shrink-on-load keeps a large JPEG cheap); the server's limit applies to what is sent. */
const MAX_SOURCE_PIXELS = 250_000_000;

export interface PreparedUpload {
  /** The file to send; undefined: the photo's own bytes fit and the chain needs all of them. */
  result?: PipelineResult;
  /** The chain for what is sent: pixel params of the steps before a shrink scaled alike. */
  steps: Step[];
  /** The photo's upright size, and the size sent. */
  from: { width: number; height: number };
  size: { width: number; height: number };
  reason?: "chain" | "pixels";
}

/**
 * Shrinks and encodes `input` for a server job running `steps`, within `limits`; JPEG unless the
 * photo is lossless or has alpha (PNG when it fits, else WebP, which keeps alpha).
 */
export function prepareUpload(vips: VipsModule, input: Uint8Array, steps: Step[], limits: UploadLimits, metadata: MetadataMode): PreparedUpload {
  const source = checkSource(input);
  // Heavy steps too: they run on the server, but their params shape what is sent.
  const resolved = steps.map(resolveStep);
  const header = openHeader(vips, input, MAX_SOURCE_PIXELS);
  const shape = headerShape(header, input);
  const from = { width: shape.width, height: shape.height };
  // An animation is sent as it is: its frames are the server's to handle.
  if ((shape.frames ?? 1) > 1) return { steps, from, size: from };
  const plan = planUpload(planned(resolved), from, input.byteLength, limits);
  if (!plan.reencode) return { steps, from, size: from };

  const shrink: Step[] = plan.scale < 1 ? [scaleStep(plan.size)] : [];
  const lossless = source === "png" || source === "gif" || source === "tiff" || header.hasAlpha();
  const encodeAs = (format: OutputFormat, targetBytes?: number) =>
    runPipeline(vips, input, { steps: shrink, format, quality: UPLOAD_QUALITY, metadata, ...(targetBytes && { targetBytes }) }, MAX_SOURCE_PIXELS);
  let result = encodeAs(lossless ? "png" : "jpeg");
  if (result.data.byteLength > limits.maxUploadBytes) {
    result = encodeAs(header.hasAlpha() ? "webp" : "jpeg", Math.floor(limits.maxUploadBytes * TARGET_SHARE));
    if (result.data.byteLength > limits.maxUploadBytes) {
      throw new ConversionError(
        "output-too-large",
        `Even at the lowest quality this ${result.width}×${result.height} photo is ${(result.data.byteLength / 1e6).toFixed(1)} MB, over the server's upload limit of ${(limits.maxUploadBytes / 1e6).toFixed(1)} MB. Resize it smaller first.`,
      );
    }
  }
  // What the steps before the shrink measure in pixels shrinks with the photo, as in a preview.
  const scale = result.width / from.width;
  const sent = steps.map((step, i) => (i < (plan.scaledBefore ?? 0) ? { converter: step.converter, params: scaleParams(resolved[i]!.meta, resolved[i]!.params, scale) } : step));
  return { result, steps: sent, from, size: { width: result.width, height: result.height }, reason: plan.reason };
}

/** A step that scales a picture to `size`, by the converter whose meta says how (`scaleTo`). */
function scaleStep(size: { width: number; height: number }): Step {
  const scaler = (metas as readonly ConverterMeta[]).find((m) => m.scaleTo);
  if (!scaler?.scaleTo) throw new Error("No converter declares scaleTo: the registry has nothing to shrink a photo with.");
  return { converter: scaler.id, params: scaler.scaleTo(size) };
}
