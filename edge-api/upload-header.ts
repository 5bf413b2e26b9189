// What decoding an upload will hold, read from its header alone in plain JS, before anything is
// decoded: the size the decoder allocates (not always the one the header names first), the
// frames it counts, its bands and bytes per sample, and the EXIF orientation (it swaps the sides
// a resize or a format's size limit is planned on). One reader per format in upload-header/, all
// sharing one budget of steps, so the check costs about a millisecond whatever the file holds.
import type { InputFormat } from "../converters/engine/formats";
import { readAvif } from "./upload-header/avif";
import { Budget, type HeaderInfo } from "./upload-header/budget";
import { readGif } from "./upload-header/gif";
import { readJpeg } from "./upload-header/jpeg";
import { readPng } from "./upload-header/png";
import { readTiff } from "./upload-header/tiff";
import { readWebp } from "./upload-header/webp";

export { Budget, HEADER_STEPS, HeaderError, type HeaderInfo } from "./upload-header/budget";

const READERS: Record<Exclude<InputFormat, "heic">, (b: Uint8Array, budget: Budget) => HeaderInfo> = {
  jpeg: readJpeg,
  png: readPng,
  webp: readWebp,
  gif: readGif,
  avif: readAvif,
  tiff: readTiff,
};

/** Throws when the header says nothing a decoder could use (a 422 for the caller). */
export function readHeader(bytes: Uint8Array, format: Exclude<InputFormat, "heic">, budget = new Budget()): HeaderInfo {
  return READERS[format](bytes, budget);
}

/** The bytes decoding holds: every frame, every band, at the decoder's sample width. */
export function decodedBytes(d: Pick<HeaderInfo, "width" | "height" | "frames" | "bands" | "bytesPerSample">): number {
  return d.width * d.height * d.bands * d.bytesPerSample * d.frames;
}

/** The frames (or pages) a decoder would decode; 1 when the header cannot be read. */
export function frameCount(bytes: Uint8Array, format: InputFormat): number {
  if (format === "heic") return 1;
  try {
    return readHeader(bytes, format).frames;
  } catch {
    return 1;
  }
}

/** EXIF orientation, 1–8 (AVIF's irot is applied to its size instead); 1 when unreadable. */
export function exifOrientation(bytes: Uint8Array, format: InputFormat): number {
  if (format === "heic") return 1;
  try {
    return readHeader(bytes, format).orientation;
  } catch {
    return 1;
  }
}
