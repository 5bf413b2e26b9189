"use client";
import type { OutputFormat } from "../../../converters/engine/formats";
import type { ExportChoice } from "../export/choice";
import { type MadeWith, OutputSettings } from "../OutputSettings";

/** A second encoding starts as the main one in another format, so the first look is a comparison. */
export function otherChoice(main: ExportChoice, effective: OutputFormat | undefined): ExportChoice {
  const format: OutputFormat = effective === "webp" ? "avif" : "webp";
  return { ...main, format, encoder: undefined };
}

/**
 * What the compare's right side shows (the Original, or another encoding with its own format,
 * quality or target size and encoder options), Squoosh's two-up. Metadata is the main export's:
 * it does not change what is seen.
 */
export function CompareSettings({ right, onRight, main, mainEffective, rightEffective, made, error, available }: { right?: ExportChoice; onRight: (choice?: ExportChoice) => void; main: ExportChoice; mainEffective?: OutputFormat; rightEffective?: OutputFormat; made?: MadeWith; error?: string; available: boolean }) {
  return (
    <fieldset className="compare-settings">
      <legend>Compare two encodings</legend>
      <label>
        Right side
        <select value={right ? "encoding" : "original"} onChange={(e) => onRight(e.target.value === "encoding" ? otherChoice(main, mainEffective) : undefined)}>
          <option value="original">Original</option>
          <option value="encoding" disabled={!available}>
            Another encoding
          </option>
        </select>
      </label>
      {!available && <p className="muted hint">Another encoding needs the photo edited on this device, without heavy steps.</p>}
      {right && error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {right && <OutputSettings legend="Right side settings" choice={{ ...right, metadata: main.metadata }} effective={rightEffective} made={made} metadata={false} onChange={onRight} />}
    </fieldset>
  );
}
