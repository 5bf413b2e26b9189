// What the user chose for a file's encoding, and the request fields it becomes for a format.
// Encoder options belong to one format: picked for JPEG, they say nothing about a WebP.
import { type AnyEncoderOptions, DEFAULT_METADATA, defaultEncoder, isLossless, type MetadataMode, MIN_TARGET_BYTES } from "../../../converters/engine/encoder-options";
import type { ExportRequest } from "../../../converters/engine/export-image";
import type { OutputFormat } from "../../../converters/engine/formats";

export interface ExportChoice {
  /** Undefined: the input's own format (PNG stays PNG, the rest follow defaultOutputFor). */
  format?: OutputFormat;
  quality: number;
  metadata: MetadataMode;
  /** The options as set, for the format they were set for. */
  encoder?: { format: OutputFormat; options: AnyEncoderOptions };
  /** Target size in KB (1000 bytes); undefined when off. */
  targetKB?: number;
}

export const DEFAULT_CHOICE: ExportChoice = { quality: 80, metadata: DEFAULT_METADATA };

/** The options in force for `format`: the ones set for it, else its defaults. */
export const encoderFor = (choice: ExportChoice, format: OutputFormat): AnyEncoderOptions =>
  choice.encoder?.format === format ? choice.encoder.options : defaultEncoder(format);

/** The smallest target the field takes, in KB. */
export const MIN_TARGET_KB = Math.ceil(MIN_TARGET_BYTES / 1000);

/** Whether a target size applies: set, big enough, and the encoding has a quality to lower. */
export function targetBytes(choice: ExportChoice, format: OutputFormat): number | undefined {
  if (choice.targetKB === undefined || !Number.isFinite(choice.targetKB)) return undefined;
  const bytes = Math.round(choice.targetKB * 1000);
  if (bytes < MIN_TARGET_BYTES || isLossless(format, encoderFor(choice, format))) return undefined;
  return bytes;
}

/** The request's export fields once the output format is known. */
export function exportRequest(choice: ExportChoice, format: OutputFormat): Required<Pick<ExportRequest, "format" | "quality" | "metadata" | "encoder">> & Pick<ExportRequest, "targetBytes"> {
  const target = targetBytes(choice, format);
  return { format, quality: choice.quality, metadata: choice.metadata, encoder: { ...encoderFor(choice, format) }, ...(target !== undefined && { targetBytes: target }) };
}

/** A new format starts from that format's encoder defaults. */
export const withFormat = (choice: ExportChoice, format: OutputFormat | undefined): ExportChoice => ({ ...choice, format, encoder: undefined });

/** A stable string of everything that changes the output for the source's effective format. */
export const choiceKey = (choice: ExportChoice, effective: OutputFormat | undefined) => JSON.stringify([choice.format ?? null, effective ? exportRequest(choice, effective) : choice]);
