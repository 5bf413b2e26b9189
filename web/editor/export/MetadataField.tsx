"use client";
import { useId } from "react";
import { METADATA_MODES, type MetadataMode } from "../../../converters/engine/encoder-options";

export const METADATA_LABEL: Record<MetadataMode, string> = { none: "None", safe: "Safe", all: "All" };

/** What each mode keeps, in the words of converters/engine/metadata.ts. */
const EXPLAIN: Record<MetadataMode, string> = {
  none: "Drops everything: no EXIF, no colour profile (colours are converted to sRGB so they still look right).",
  safe: "Keeps the colour profile, capture date, camera and exposure; drops location, serial numbers and maker notes.",
  all: "Keeps everything the photo carries, location and serial numbers included.",
};

export function MetadataField({ value, onChange }: { value: MetadataMode; onChange: (mode: MetadataMode) => void }) {
  const hint = useId();
  return (
    <div className="field">
      <label>
        Metadata
        <select value={value} aria-describedby={hint} onChange={(e) => onChange(e.target.value as MetadataMode)}>
          {METADATA_MODES.map((m) => (
            <option key={m} value={m} title={EXPLAIN[m]}>
              {METADATA_LABEL[m]}
            </option>
          ))}
        </select>
      </label>
      <p id={hint} className="muted hint">
        {EXPLAIN[value]}
      </p>
    </div>
  );
}
