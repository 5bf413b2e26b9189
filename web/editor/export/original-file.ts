// With no steps, Download gives the file the user opened, byte for byte, unless they asked for
// something only a new encoding gives: another format, a quality, a target size, encoder options,
// or metadata the file carries and the chosen mode removes. Encoding the pixels again for nothing
// made a 270 KB JPEG 125 KB (and softer), and a 118 B PNG 336 B.
import { defaultEncoder, isLossless, type MetadataMode } from "../../../converters/engine/encoder-options";
import type { InputFormat, OutputFormat } from "../../../converters/engine/formats";
import { FORMAT_LABEL } from "../format-label";
import { DEFAULT_CHOICE, encoderFor, type ExportChoice, targetBytes } from "./choice";

export type OriginalDownload =
  /** The file itself. */
  | { kind: "original" }
  /** A new encoding, and why, for people: "you chose WebP". */
  | { kind: "encoded"; why: string }
  /** Not known yet: the file's metadata is being read. */
  | { kind: "pending" };

const WRITABLE: readonly InputFormat[] = ["jpeg", "png", "webp", "avif"];

const sameOptions = (a: object, b: object) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * What Download gives when no step is on. `keptBy` is the metadata modes that keep the file's
 * metadata as it is (converters/engine/file-metadata.ts); undefined while it is being read, and ["all"]
 * where it cannot be read (then only "All" is sure to keep nothing it should drop).
 */
export function originalDownload(source: InputFormat | undefined, choice: ExportChoice, keptBy: readonly MetadataMode[] | undefined): OriginalDownload {
  if (!source || !WRITABLE.includes(source)) return { kind: "encoded", why: source ? `${source.toUpperCase()} is saved as PNG` : "the file's format is unknown" };
  const format = source as OutputFormat;
  if (choice.format && choice.format !== format) return { kind: "encoded", why: `you chose ${FORMAT_LABEL[choice.format]}` };
  if (targetBytes(choice, format) !== undefined) return { kind: "encoded", why: "a target size is set" };
  const encoder = encoderFor(choice, format);
  if (!isLossless(format, encoder) && choice.quality !== DEFAULT_CHOICE.quality) return { kind: "encoded", why: `you chose quality ${choice.quality}` };
  if (!sameOptions(encoder, defaultEncoder(format))) return { kind: "encoded", why: "you changed the encoder options" };
  if (!keptBy) return { kind: "pending" };
  if (!keptBy.includes(choice.metadata)) {
    return {
      kind: "encoded",
      why: choice.metadata === "none" ? "Metadata “None” removes what the file carries" : "Metadata “Safe” removes details this file carries (a location, a serial number or the like); “All” gives the file as it is",
    };
  }
  return { kind: "original" };
}
