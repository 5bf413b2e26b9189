"use client";
import { useState } from "react";
import { type OutputFormat, sniffFormat } from "../../../converters/engine/formats";
import type { Step } from "../../../converters/engine/pipeline";
import { formatBytes } from "../bytes";
import type { ExportChoice } from "../export/choice";
import { FORMAT_LABEL } from "../format-label";
import { type Conversion, effectiveFormat, type SourceImage } from "../useConversion";
import { useOtherEncoding } from "./useOtherEncoding";

/** "Result · WebP 54 KB": what a side of the compare is, and how big. */
const sideCaption = (name: string, made?: Conversion) => (made ? `${name} · ${FORMAT_LABEL[made.format]} ${formatBytes(made.blob.size)}` : name);

/** "Original · PNG 241 KB"; a GIF or TIFF source reads by its own name. */
function originalCaption(source: SourceImage): string {
  const format = sniffFormat(new Uint8Array(source.bytes));
  const name = format && format in FORMAT_LABEL ? FORMAT_LABEL[format as OutputFormat] : (format?.toUpperCase() ?? "");
  return `Original · ${name} ${formatBytes(source.bytes.byteLength)}`;
}

/**
 * The compare's two sides: left the main result (`current`, when up to date), right the original
 * or another encoding of the same steps. Gives the Stage its images and captions and the panel
 * its CompareSettings props. `live`: the worker holds the photo, so a second encode is cheap.
 */
export function useCompare(source: SourceImage | undefined, steps: Step[], main: ExportChoice, mainEffective: OutputFormat | undefined, current: Conversion | undefined, live: boolean) {
  const [right, setRight] = useState<ExportChoice>();
  // The right side's encoding shares the main export's metadata: it does not change what is seen.
  const other = useOtherEncoding(source, steps, right && { ...right, metadata: main.metadata }, live);
  const shown = right ? other.result : undefined;
  const captions = {
    left: sideCaption("Result", current),
    right: shown ? sideCaption("Other", shown) : source ? originalCaption(source) : "Original",
  };
  const settings = {
    right,
    onRight: setRight,
    main,
    mainEffective,
    rightEffective: effectiveFormat(source, right?.format),
    made: shown && { quality: shown.quality, fits: shown.fits, bytes: shown.blob.size },
    error: other.error,
    available: live,
  };
  return { other: shown, captions, busy: Boolean(right) && other.busy, settings };
}
