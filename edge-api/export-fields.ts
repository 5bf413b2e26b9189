// The export fields of a conversion form: checked here, at submission, with the same schemas the
// encoder uses, so a job with a misspelt option is a 400 now and never a failed job later.
import { type MetadataMode } from "../converters/engine/encoder-options";
import { ConversionError } from "../converters/engine/errors";
import { exportSettings } from "../converters/engine/export-image";
import type { EncodeCostInput } from "../converters/engine/encode-cost";
import type { OutputFormat } from "../converters/engine/formats";
import type { JobSpec } from "./jobs/types";

interface ExportForm {
  metadata?: MetadataMode;
  encoder?: string;
  targetBytes?: string;
}

export type ExportFields = Pick<JobSpec, "quality" | "metadata" | "encoder" | "targetBytes"> & { format: OutputFormat };

/** The fields a job stores and what its encode will cost, or the reason they are refused, fit to show a person. */
export function exportFields(form: ExportForm, format: OutputFormat, quality: number | undefined): { fields: ExportFields; encode: EncodeCostInput } | string {
  let encoder: Record<string, unknown> | undefined;
  if (form.encoder !== undefined && form.encoder !== "") {
    try {
      encoder = JSON.parse(form.encoder);
    } catch {
      return "encoder must be a JSON object.";
    }
    if (typeof encoder !== "object" || encoder === null || Array.isArray(encoder)) return "encoder must be a JSON object.";
  }
  let targetBytes: number | undefined;
  if (form.targetBytes !== undefined && form.targetBytes !== "") {
    targetBytes = Number(form.targetBytes);
    if (!/^\d+$/.test(form.targetBytes.trim())) return "targetBytes must be a whole number of bytes.";
  }
  let encode: EncodeCostInput;
  try {
    // The job keeps what the client sent (the worker parses it again); the plan costs the parsed options.
    const settings = exportSettings({ format, quality, metadata: form.metadata, encoder, targetBytes }, format);
    encode = { format, encoder: settings.encoder, targetBytes: settings.targetBytes };
  } catch (error) {
    if (error instanceof ConversionError) return error.message;
    throw error;
  }
  const fields = { format, quality, ...(form.metadata && { metadata: form.metadata }), ...(encoder && { encoder }), ...(targetBytes !== undefined && { targetBytes }) };
  return { fields, encode };
}
