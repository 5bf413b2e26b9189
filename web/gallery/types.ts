import descriptions from "../../converters/descriptions.generated.json";
import type { ConverterDescription } from "../../converters/registry";

export interface GalleryItem {
  id: string;
  converter: string;
  params: unknown;
  createdAt: string;
  width: number;
  height: number;
  original: string;
  result: string;
  thumb: string;
}

const names = new Map((descriptions as ConverterDescription[]).map((c) => [c.id, c.name]));

/** "Grayscale → Rotate" for a chain's ids. */
export const chainName = (converter: string) =>
  converter
    .split(",")
    .map((id) => names.get(id) ?? id)
    .join(" → ");

export const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
