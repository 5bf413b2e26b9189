import { descriptions } from "../../converters/descriptions.generated";
import { paramSchemas } from "../../converters/describe";

/** A gallery item, as the API's document types it. */
export type { GalleryItem } from "../../contract/client";
import type { GalleryItem } from "../../contract/client";

/** The registry's descriptions, as the page reads them (JSON, generated at build). */
const described = descriptions;

export const names = new Map(described.map((c) => [c.id, c.name]));

/** "Grayscale → Rotate" for a chain's ids. */
export const chainName = (converter: string) =>
  converter
    .split(",")
    .map((id) => names.get(id) ?? id)
    .join(" → ");

/** "Scale (×) 2, Width 300": a step's settings that differ from where the editor starts a new step, in its words. */
export function stepSettings(step: { converter: string; params: Record<string, unknown> }): string {
  const d = described.find((c) => c.id === step.converter);
  if (!d) return "";
  const properties = paramSchemas(d);
  // The editor's starting values (Resize at 100 %), not the API's defaults (50 %): what the user changed.
  const start: Record<string, unknown> = { ...d.defaults, ...d.initial };
  return Object.entries(step.params)
    .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(start[key]))
    .map(([key, value]) => `${properties[key]?.title ?? key} ${settingText(value)}`)
    .join(", ");
}

/** A setting's value in words: a list of choices joined, a list of things (touch-up strokes) counted. */
function settingText(value: unknown): string {
  if (!Array.isArray(value)) return String(value);
  if (value.some((v) => typeof v === "object" && v !== null)) return String(value.length);
  return value.join(" + ");
}

/** What a card is called: the photo's file name, else (items saved without one) its steps. */
export const itemTitle = (item: Pick<GalleryItem, "fileName" | "converter">) => item.fileName ?? chainName(item.converter);

/**
 * The accessible name of an item: what the card shows, in its order (the photo's name, then its steps,
 * so a voice user can say what they see), then when it was saved.
 */
export const itemLabel = (item: Pick<GalleryItem, "fileName" | "converter" | "updatedAt" | "createdAt">) =>
  [item.fileName, chainName(item.converter), when(item.updatedAt ?? item.createdAt)].filter(Boolean).join(", ");

/** Where "Edit again" takes the item: the editor, which opens its original with its steps (useEditorSession). */
export const EDIT_AGAIN_KEY = "gallery-edit-again";

export const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
