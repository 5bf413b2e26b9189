"use client";
import { type ReactNode, useId } from "react";
import { isLossless } from "../../converters/engine/encoder-options";
import { OUTPUT_FORMATS, type OutputFormat } from "../../converters/engine/formats";
import { formatBytes } from "./bytes";
import { encoderFor, type ExportChoice, MIN_TARGET_KB, targetBytes, withFormat } from "./export/choice";
import { EncoderOptions } from "./export/EncoderOptions";
import { MetadataField } from "./export/MetadataField";
import { FORMAT_LABEL } from "./format-label";

export { FORMAT_LABEL };

/** What the last render made of these settings, to say which quality a target size chose. */
export interface MadeWith {
  quality?: number;
  fits?: boolean;
  bytes: number;
}

/** Why a target size cannot apply to this encoding, or nothing when it can. */
function noTargetReason(format: OutputFormat | undefined, choice: ExportChoice): string | undefined {
  if (!format || !isLossless(format, encoderFor(choice, format))) return undefined;
  return format === "png" ? "PNG is lossless: turn on Palette below for a target size." : "Lossless has no quality to lower: turn Lossless off for a target size.";
}

/** What the target size search did, in words. */
function targetOutcome(target: number, made: MadeWith | undefined): string {
  const kb = formatBytes(target);
  if (!made) return `Searching for the quality that fits ${kb}…`;
  // A step-less server run returns the photo as it came: no search was made.
  if (made.quality === undefined) return `Made at ${formatBytes(made.bytes)}; no quality was reported for a target of ${kb}.`;
  if (made.fits === false) return `Even quality ${made.quality ?? 1} is over ${kb}: this is the smallest possible, ${formatBytes(made.bytes)}.`;
  return `Quality ${made.quality} chosen to fit ${kb} (${formatBytes(made.bytes)}).`;
}

/**
 * Format, quality, target size, metadata and the format's encoder options. Quality is off while
 * a target size picks it, and for lossless encodings (PNG without a palette, lossless WebP and
 * AVIF), including "Same as input" on a PNG. `made` is the current result, when there is one.
 */
export function OutputSettings({ legend = "Output", choice, effective, onChange, made, metadata = true, pixels, children }: { legend?: string; choice: ExportChoice; effective?: OutputFormat; onChange: (choice: ExportChoice) => void; made?: MadeWith; metadata?: boolean; /** The result's pixels, for the encode-time estimate. */ pixels?: number; children?: ReactNode }) {
  const targetHint = useId();
  const encoder = effective && encoderFor(choice, effective);
  const lossless = Boolean(effective && encoder && isLossless(effective, encoder));
  const target = effective && targetBytes(choice, effective);
  const reason = noTargetReason(effective, choice);
  return (
    <fieldset className="output-settings">
      <legend>{legend}</legend>
      <label>
        Format
        <select value={choice.format ?? ""} onChange={(e) => onChange(withFormat(choice, (e.target.value || undefined) as OutputFormat | undefined))}>
          <option value="">Same as input{effective && !choice.format ? ` (${FORMAT_LABEL[effective]})` : ""}</option>
          {OUTPUT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABEL[f]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Quality
        <input type="range" min={1} max={100} value={target && made?.quality ? made.quality : choice.quality} disabled={lossless || Boolean(target)} title={target ? "The target size picks the quality" : undefined} onChange={(e) => onChange({ ...choice, quality: Number(e.target.value) })} />
        <output>{lossless ? "lossless" : target ? (made?.quality ?? "…") : choice.quality}</output>
      </label>
      <div className="field">
        <label>
          Target size
          <input
            type="number"
            inputMode="numeric"
            min={MIN_TARGET_KB}
            step={1}
            placeholder="off"
            value={choice.targetKB ?? ""}
            disabled={Boolean(reason)}
            aria-describedby={targetHint}
            onChange={(e) => onChange({ ...choice, targetKB: e.target.value === "" || !(e.target.valueAsNumber > 0) ? undefined : e.target.valueAsNumber })}
          />
          KB
        </label>
        <p id={targetHint} className="muted hint" role="status">
          {reason ??
            (target
              ? targetOutcome(target, made)
              : choice.targetKB !== undefined
                ? `A target size is at least ${MIN_TARGET_KB} KB.`
                : "Empty: quality decides the size. Set it to get the best quality under that size.")}
        </p>
      </div>
      {metadata && <MetadataField value={choice.metadata} onChange={(m) => onChange({ ...choice, metadata: m })} />}
      {effective && encoder && <EncoderOptions format={effective} options={encoder} pixels={pixels} targetBytes={target || undefined} onChange={(options) => onChange({ ...choice, encoder: { format: effective, options } })} />}
      {children}
    </fieldset>
  );
}
