"use client";
import { OUTPUT_FORMATS, type OutputFormat } from "../../converters/formats";

export const FORMAT_LABEL: Record<OutputFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF" };

/** Format and quality. Quality is off for PNG, including "Same as input" on a PNG: it is lossless. */
export function OutputSettings({ format, effective, quality, onFormat, onQuality }: { format?: OutputFormat; effective?: OutputFormat; quality: number; onFormat: (f?: OutputFormat) => void; onQuality: (q: number) => void }) {
  const lossless = effective === "png";
  return (
    <fieldset className="output-settings">
      <legend>Output</legend>
      <label>
        Format
        <select value={format ?? ""} onChange={(e) => onFormat((e.target.value || undefined) as OutputFormat | undefined)}>
          <option value="">Same as input{effective && !format ? ` (${FORMAT_LABEL[effective]})` : ""}</option>
          {OUTPUT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABEL[f]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Quality
        <input type="range" min={1} max={100} value={quality} disabled={lossless} onChange={(e) => onQuality(Number(e.target.value))} />
        <output>{lossless ? "lossless" : quality}</output>
      </label>
    </fieldset>
  );
}
