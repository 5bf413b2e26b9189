// The one way a result becomes a file, on the device and on the server alike: the request's
// export fields checked and defaulted, then one encode or a search for a target size.
import { encode, type Encoded } from "./encode";
import { DEFAULT_METADATA, isLossless, METADATA_MODES, MIN_TARGET_BYTES, parseEncoder, type ExportSettings, type MetadataMode } from "./encoder-options";
import { ConversionError } from "./errors";
import type { OutputFormat } from "./formats";
import { encodeToTarget } from "./target-size";
import type { VipsImage } from "../types";

export const DEFAULT_QUALITY = 80;

/** The export fields of a conversion request, as a client sends them. */
export interface ExportRequest {
  format?: OutputFormat;
  quality?: number;
  metadata?: MetadataMode;
  /** The format's encoder options (converters/engine/encoder-options.ts); unknown keys are refused. */
  encoder?: Record<string, unknown>;
  targetBytes?: number;
}

export interface Exported extends Encoded {
  /** The quality used: the request's, or the one a target size search chose. */
  quality: number;
  /** With a target size: whether the output is within it (else it is the smallest there is). */
  fits?: boolean;
  /** With a target size: full-size encodes it took. */
  encodes?: number;
}

/** The request's export settings with defaults filled in, or an invalid-params error saying what is wrong. */
export function exportSettings(request: ExportRequest, format: OutputFormat): ExportSettings {
  const quality = Math.round(Math.min(100, Math.max(1, request.quality ?? DEFAULT_QUALITY)));
  const metadata = request.metadata ?? DEFAULT_METADATA;
  if (!METADATA_MODES.includes(metadata)) throw new ConversionError("invalid-params", `metadata must be one of ${METADATA_MODES.join(", ")}.`);
  const encoder = parseEncoder(format, request.encoder);
  if (!encoder.ok) throw new ConversionError("invalid-params", encoder.message);
  const { targetBytes } = request;
  if (targetBytes !== undefined) {
    if (!Number.isInteger(targetBytes) || targetBytes < MIN_TARGET_BYTES) throw new ConversionError("invalid-params", `targetBytes must be a whole number of bytes, at least ${MIN_TARGET_BYTES}.`);
    if (isLossless(format, encoder.value)) {
      throw new ConversionError("invalid-params", format === "png" ? "A target size for PNG needs the palette option: lossless PNG has no quality to lower." : "A target size needs a lossy encoding: turn lossless off.");
    }
  }
  return { format, quality, metadata, encoder: encoder.value, ...(targetBytes !== undefined && { targetBytes }) };
}

export function exportImage(image: VipsImage, settings: ExportSettings): Exported {
  if (settings.targetBytes === undefined) return { ...encode(image, settings), quality: settings.quality };
  const { data, mime, quality, fits, encodes } = encodeToTarget(image, settings, settings.targetBytes);
  return { data, mime, quality, fits, encodes };
}
