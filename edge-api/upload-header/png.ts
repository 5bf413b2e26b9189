// PNG: IHDR's bit depth and colour type, and whether a tRNS chunk (before the pixels) adds an
// alpha band; the eXIf chunk's orientation.
import { type Budget, fourcc, HeaderError, type HeaderInfo, view } from "./budget";
import { exifOrientation } from "./ifd";

const IHDR = fourcc("IHDR");
const CGBI = fourcc("CgBI");
const IDAT = fourcc("IDAT");
const IEND = fourcc("IEND");
const TRNS = fourcc("tRNS");
const EXIF = fourcc("eXIf");

/** Bands by colour type: grey, RGB, palette (expanded to RGB), grey + alpha, RGBA. */
const BANDS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };
/** Colour types a tRNS chunk gives an alpha band. */
const TRNS_ADDS_ALPHA = [0, 2, 3];

export function readPng(b: Uint8Array, budget: Budget): HeaderInfo {
  const dv = view(b);
  let at = 8;
  // Apple's CgBI chunk comes before IHDR (image-size read those; the decoder will refuse them).
  if (at + 8 <= b.length && dv.getUint32(at + 4) === CGBI) at += 12 + dv.getUint32(at);
  if (at + 8 + 13 > b.length || dv.getUint32(at + 4) !== IHDR) throw new HeaderError("no IHDR");
  const [width, height, depth, colour] = [dv.getUint32(at + 8), dv.getUint32(at + 12), b[at + 16]!, b[at + 17]!];
  at += 12 + dv.getUint32(at);

  let transparency = false;
  let orientation = 1;
  let reachedPixels = false;
  while (at + 8 <= b.length && budget.step()) {
    const size = dv.getUint32(at);
    const type = dv.getUint32(at + 4);
    // tRNS and eXIf must come before the pixels.
    if (type === IDAT || type === IEND) {
      reachedPixels = true;
      break;
    }
    if (type === TRNS) transparency = true;
    if (type === EXIF) orientation = exifOrientation(b.subarray(at + 8, Math.min(b.length, at + 8 + size)), budget);
    at += 12 + size;
  }
  // A header that ends (or spends the budget) before the pixels may hide a tRNS chunk.
  let bands = BANDS[colour] ?? 4;
  if ((transparency || !reachedPixels) && TRNS_ADDS_ALPHA.includes(colour)) bands++;
  return { width, height, frames: 1, bands, bytesPerSample: Math.max(1, Math.ceil(depth / 8)), orientation };
}
