// What image-size does not read and the worker's decoder would: the frames an animation holds
// (every one is decoded, so a thousand small frames are a decompression bomb), and the EXIF
// orientation of PNG, WebP and TIFF files (it swaps the sides a resize or a format's size limit
// is planned on). Read from the container's structure only, in plain JS, nothing decoded.
import exif from "exif-reader";
import type { InputFormat } from "../converters/formats";

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** RIFF chunks of a WebP: [fourcc, payload]. */
function* webpChunks(b: Uint8Array): Generator<[string, Uint8Array]> {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 12; at + 8 <= b.length; ) {
    const size = view.getUint32(at + 4, true);
    yield [ascii(b, at, 4), b.subarray(at + 8, Math.min(b.length, at + 8 + size))];
    at += 8 + size + (size % 2);
  }
}

/** PNG chunks: [type, payload]. */
function* pngChunks(b: Uint8Array): Generator<[string, Uint8Array]> {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 8; at + 8 <= b.length; ) {
    const size = view.getUint32(at);
    const type = ascii(b, at + 4, 4);
    yield [type, b.subarray(at + 8, Math.min(b.length, at + 8 + size))];
    if (type === "IDAT" || type === "IEND") return; // eXIf must come before the pixels
    at += 12 + size;
  }
}

/** GIF image descriptors, walking past the extension and data sub-blocks between them. */
function gifFrames(b: Uint8Array): number {
  let at = 13;
  if (b[10]! & 0x80) at += 3 * 2 ** ((b[10]! & 7) + 1); // global colour table
  let frames = 0;
  const skipSubBlocks = () => {
    while (at < b.length && b[at] !== 0) at += b[at]! + 1;
    at++;
  };
  while (at < b.length) {
    const block = b[at]!;
    if (block === 0x3b) break;
    if (block === 0x21) {
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      const packed = b[at + 9]!;
      at += 10;
      if (packed & 0x80) at += 3 * 2 ** ((packed & 7) + 1); // local colour table
      at++; // LZW minimum code size
      skipSubBlocks();
    } else break;
  }
  return Math.max(1, frames);
}

/** TIFF pages: the chain of IFDs, bounded so a looped chain ends. */
function tiffPages(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const little = b[0] === 0x49;
  let offset = view.getUint32(4, little);
  const seen = new Set<number>();
  while (offset > 0 && offset + 2 <= b.length && !seen.has(offset) && seen.size < 100_000) {
    seen.add(offset);
    const entries = view.getUint16(offset, little);
    const next = offset + 2 + entries * 12;
    offset = next + 4 <= b.length ? view.getUint32(next, little) : 0;
  }
  return Math.max(1, seen.size);
}

/** The frames (or pages) a decoder would decode. */
export function frameCount(bytes: Uint8Array, format: InputFormat): number {
  try {
    if (format === "gif") return gifFrames(bytes);
    if (format === "tiff") return tiffPages(bytes);
    if (format === "webp") {
      let frames = 0;
      for (const [type] of webpChunks(bytes)) if (type === "ANMF") frames++;
      return Math.max(1, frames);
    }
  } catch {
    // A structure that ends early is the decoder's to refuse; one frame is the least it holds.
  }
  return 1;
}

/** EXIF orientation, 1–8, of formats image-size does not read it from (it reads JPEG's). */
export function exifOrientation(bytes: Uint8Array, format: InputFormat): number {
  let block: Uint8Array | undefined;
  try {
    if (format === "png") for (const [type, data] of pngChunks(bytes)) if (type === "eXIf") block = data;
    if (format === "webp") for (const [type, data] of webpChunks(bytes)) if (type === "EXIF") block = data;
    if (format === "tiff") block = bytes;
    if (!block) return 1;
    const orientation = exif(Buffer.from(block.buffer, block.byteOffset, block.byteLength)).Image?.Orientation;
    return typeof orientation === "number" && orientation >= 1 && orientation <= 8 ? orientation : 1;
  } catch {
    return 1;
  }
}
