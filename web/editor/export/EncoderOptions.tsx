"use client";
import { encodeSeconds } from "../../../converters/engine/encode-cost";
import type { AnyEncoderOptions } from "../../../converters/engine/encoder-options";
import type { OutputFormat } from "../../../converters/engine/formats";
import { FORMAT_LABEL } from "../format-label";
import { encoderFields, NEEDS } from "./fields";

/** Estimates under this many seconds go unsaid: an export that quick needs no warning. */
const SAY_FROM_SECONDS = 5;

/** "About 40 s to encode this photo": slow settings (AVIF at high effort) said before they run. */
export function encodeTime(format: OutputFormat, options: AnyEncoderOptions, pixels: number | undefined, targetBytes: number | undefined): string | undefined {
  if (!pixels) return undefined;
  const seconds = encodeSeconds(pixels, { format, encoder: options, targetBytes });
  if (seconds < SAY_FROM_SECONDS) return undefined;
  const time = seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
  return `About ${time} to encode this photo with these options${targetBytes ? " and a target size" : ""}; a lower effort is much faster.`;
}

/** The effective format's encoder options, one control per schema field; the hint is the schema's description. */
export function EncoderOptions({ format, options, onChange, pixels, targetBytes }: { format: OutputFormat; options: AnyEncoderOptions; onChange: (options: AnyEncoderOptions) => void; pixels?: number; targetBytes?: number }) {
  const slow = encodeTime(format, options, pixels, targetBytes);
  const values = options as Record<string, unknown>;
  const set = (key: string, value: unknown) => onChange({ ...values, [key]: value } as AnyEncoderOptions);
  const needs = NEEDS[format] ?? {};
  return (
    <fieldset className="encoder-options">
      <legend>Encoder options</legend>
      <p className="muted hint">{FORMAT_LABEL[format]}</p>
      {slow && (
        <p className="hint warning" role="status">
          {slow}
        </p>
      )}
      {encoderFields(format).map((field) => {
        const needed = needs[field.key];
        const disabled = needed !== undefined && !values[needed];
        const title = disabled ? `${field.hint} (turn on ${needed} first)` : field.hint;
        if (field.kind === "checkbox") {
          return (
            <label key={field.key} className="check" title={title}>
              <input type="checkbox" checked={Boolean(values[field.key])} disabled={disabled} onChange={(e) => set(field.key, e.target.checked)} />
              {field.label}
            </label>
          );
        }
        if (field.kind === "select") {
          const numeric = typeof field.options[0] === "number";
          return (
            <label key={field.key} title={title}>
              {field.label}
              <select value={String(values[field.key])} disabled={disabled} onChange={(e) => set(field.key, numeric ? Number(e.target.value) : e.target.value)}>
                {field.options.map((o) => (
                  <option key={o} value={String(o)}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        return (
          <label key={field.key} title={title}>
            {field.label}
            <input type="range" min={field.min} max={field.max} step={field.step} value={Number(values[field.key])} disabled={disabled} onChange={(e) => set(field.key, Number(e.target.value))} />
            <output>{String(values[field.key])}</output>
          </label>
        );
      })}
    </fieldset>
  );
}
