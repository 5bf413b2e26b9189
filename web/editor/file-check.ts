// A file is checked by its first bytes before it replaces anything: a PDF picked by mistake in
// the middle of an edit is refused with the reason, and the photo and its steps stay as they were
// (it used to ask first whether to apply the steps to it, then fail).
import { sniffFormat } from "../../converters/engine/formats";

/** Enough of a file to know what it is: every format's signature is within it. */
export const HEAD_BYTES = 16;

const ascii = (bytes: Uint8Array, length: number) => String.fromCharCode(...bytes.subarray(0, length));

/** What a file that is not a photo is, in a person's words, where its first bytes say. */
function kindOf(head: Uint8Array): string | undefined {
  if (ascii(head, 5) === "%PDF-") return "a PDF document";
  if (ascii(head, 4) === "PK\x03\x04") return "a ZIP archive (or an Office document)";
  if (ascii(head, 4) === "\x1aE\xdf\xa3" || ascii(head, 8).slice(4) === "ftyp") return "a video";
  return undefined;
}

/** Why `head` (a file's first bytes) cannot be opened, for people; undefined when it can be. */
export function refusal(name: string, head: Uint8Array, editing: boolean): string | undefined {
  const format = sniffFormat(head);
  if (format && format !== "heic") return undefined;
  const kept = editing ? " Your photo and its steps are as they were." : "";
  // The decoder has no HEVC: said before anything is replaced, in the pipeline's words.
  if (format === "heic") return `${name}: HEIC photos cannot be opened yet. Export the photo as JPEG and try again.${kept}`;
  const kind = kindOf(head);
  return `${name} is ${kind ? `${kind}, ` : ""}not a JPEG, PNG, WebP, AVIF, GIF or TIFF image, so it was not opened.${kept}`;
}
