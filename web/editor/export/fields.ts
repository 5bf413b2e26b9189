// The encoder options' controls, read off the zod schemas: the kind of control, its range and
// its hint come from the schema, so a new option or a changed range needs no change here.
import type { z } from "zod";
import { ENCODER_SCHEMAS } from "../../../converters/engine/encoder-options";
import type { OutputFormat } from "../../../converters/engine/formats";

export type EncoderField =
  | { kind: "checkbox"; key: string; label: string; hint?: string }
  | { kind: "select"; key: string; label: string; hint?: string; options: (string | number)[] }
  | { kind: "range"; key: string; label: string; hint?: string; min: number; max: number; step: number };

/** People's names for the schema's keys; a key not named here is split at its capitals. */
const LABEL: Record<string, string> = {
  progressive: "Progressive",
  subsampling: "Chroma subsampling",
  trellis: "Trellis quantisation",
  overshootDeringing: "Overshoot deringing",
  optimizeScans: "Optimise scans",
  quantTable: "Quantisation table",
  lossless: "Lossless",
  nearLossless: "Near-lossless",
  effort: "Effort",
  smartSubsample: "Smart subsampling",
  palette: "Palette",
  colours: "Colours",
  dither: "Dither",
  compression: "Compression",
  interlace: "Interlace",
};
const labelOf = (key: string) => LABEL[key] ?? key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase());

/**
 * Options that only mean something with another one on: the palette's colours, dither and
 * effort; mozjpeg's scan optimisation, which needs progressive scans.
 */
export const NEEDS: Partial<Record<OutputFormat, Record<string, string>>> = {
  png: { colours: "palette", dither: "palette", effort: "palette" },
  jpeg: { optimizeScans: "progressive" },
};

interface Introspected {
  def: { type: string; innerType?: Introspected; values?: (string | number)[] };
  description?: string;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: string[];
}

function fieldOf(key: string, schema: z.ZodType): EncoderField {
  const outer = schema as unknown as Introspected;
  const inner = outer.def.innerType ?? outer;
  const base = { key, label: labelOf(key), hint: outer.description ?? inner.description };
  switch (inner.def.type) {
    case "boolean":
      return { kind: "checkbox", ...base };
    case "enum":
      return { kind: "select", ...base, options: inner.options ?? [] };
    case "literal":
      return { kind: "select", ...base, options: inner.def.values ?? [] };
    case "number":
      return { kind: "range", ...base, min: inner.minValue ?? 0, max: inner.maxValue ?? 100, step: inner.isInt ? 1 : 0.05 };
    default:
      throw new Error(`No control for ${key} (${inner.def.type})`);
  }
}

/** The controls for a format's options, in the schema's order. */
export const encoderFields = (format: OutputFormat): EncoderField[] => Object.entries(ENCODER_SCHEMAS[format].shape).map(([key, schema]) => fieldOf(key, schema as z.ZodType));
