// JPEG: the first SOF segment's size, precision and components (1 grey, 3 colour, 4 CMYK), and
// the orientation of an APP1 EXIF block, read up to the first scan as the decoder does.
// image-size, used here before, stepped one byte at a time (a new view each step) when a
// segment's length led nowhere: about 100 ms a megabyte.
import { type Budget, HeaderError, type HeaderInfo, startsWith, view } from "./budget";
import { exifOrientation } from "./ifd";

const SOS = 0xda;
const EOI = 0xd9;
const APP1 = 0xe1;
/** SOF0 to SOF15, less DHT, JPG and DAC, which share the range. */
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers without a length: TEM, RST0–7, SOI, and a stuffed 0 that is no marker at all. */
const standalone = (marker: number) => marker === 0x01 || marker === 0x00 || (marker >= 0xd0 && marker <= 0xd8);

/**
 * Bytes between segments skipped in all, looking for the next marker as the decoder does: a
 * damaged but decodable file has a few, and past 1 MiB the file is refused. A typed array's
 * indexOf reads about 2 bytes a nanosecond, so 0.5 ms at most (a Buffer's memchr is faster, but
 * making one in here kept V8 from optimising this loop: 10 000 steps then took 2 ms).
 */
export const JPEG_SKIP_BYTES = 1 << 20;

export function readJpeg(b: Uint8Array, budget: Budget): HeaderInfo {
  const dv = view(b);
  let [width, height, precision, components, orientation] = [0, 0, 0, 0, 1];
  let [sof, skipped] = [false, 0];
  for (let at = 2; at + 4 <= b.length && budget.step(); ) {
    if (b[at] !== 0xff) {
      const found = b.subarray(at, Math.min(b.length, at + JPEG_SKIP_BYTES - skipped)).indexOf(0xff);
      if (found < 0) break;
      at += found;
      skipped += found;
      continue;
    }
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (standalone(marker)) {
      at += 2;
      continue;
    }
    if (marker === SOS || marker === EOI) break;
    const start = at + 4;
    const end = at + 2 + dv.getUint16(at + 2);
    if (isSof(marker) && !sof) {
      if (start + 6 > b.length) throw new HeaderError("SOF cut short");
      [sof, precision, height, width, components] = [true, b[start]!, dv.getUint16(start + 1), dv.getUint16(start + 3), b[start + 5]!];
    }
    if (marker === APP1 && startsWith(b, start, "Exif\0\0")) orientation = exifOrientation(b.subarray(start, Math.min(end, b.length)), budget);
    at = Math.max(end, at + 2);
  }
  if (!sof) throw new HeaderError("no SOF segment");
  return {
    width,
    height,
    frames: 1,
    bands: Math.max(1, components),
    // libvips decodes 8-bit samples; a 12- or 16-bit JPEG is refused by it, or held in 2 bytes.
    bytesPerSample: precision > 8 ? 2 : 1,
    orientation,
  };
}
