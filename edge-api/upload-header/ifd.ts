// TIFF's image file directories: the TIFF loader's own, and the EXIF block of a JPEG (APP1), a
// PNG (eXIf) or a WebP (EXIF), which is a TIFF structure too. Only the few tags that say what
// decoding holds are read, each value read at most once per step: exif-reader, used here
// before, turned every tag's whole array into numbers (600 000 rationals in one tag took 28 ms,
// and each further tag pointing at them 28 ms more).
import { type Budget, HeaderError, startsWith, view } from "./budget";

export interface Tiff {
  dv: DataView;
  le: boolean;
  /** Where offsets count from: the "II"/"MM" of the structure. */
  base: number;
}

/** The byte order and first IFD offset of the TIFF structure at `base`. */
export function tiffStructure(b: Uint8Array, base: number): { tiff: Tiff; first: number } {
  const le = b[base] === 0x49 && b[base + 1] === 0x49;
  const be = b[base] === 0x4d && b[base + 1] === 0x4d;
  const dv = view(b);
  if ((!le && !be) || base + 8 > b.length || dv.getUint16(base + 2, le) !== 42) throw new HeaderError("no TIFF header");
  return { tiff: { dv, le, base }, first: dv.getUint32(base + 4, le) };
}

/**
 * Visits each entry of the IFD at `offset` as (tag, where the 12-byte entry starts). `complete`
 * is false when the budget ran out first; `next` is the following IFD's offset, 0 at the end.
 * A directory cut short by the end of the file throws, as the decoder would refuse it.
 */
export function readIfd(t: Tiff, offset: number, budget: Budget, visit: (tag: number, entry: number) => void): { complete: boolean; next: number } {
  const at = t.base + offset;
  const count = t.dv.getUint16(at, t.le);
  for (let i = 0; i < count; i++) {
    if (!budget.step()) return { complete: false, next: 0 };
    const entry = at + 2 + i * 12;
    if (entry + 12 > t.dv.byteLength) throw new HeaderError("IFD cut short");
    visit(t.dv.getUint16(entry, t.le), entry);
  }
  const nextAt = at + 2 + count * 12;
  return { complete: true, next: nextAt + 4 <= t.dv.byteLength ? t.dv.getUint32(nextAt, t.le) : 0 };
}

const BYTE = 1;
const SHORT = 3;
const LONG = 4;

/**
 * The largest of an entry's BYTE, SHORT or LONG values: a tag like BitsPerSample holds one per
 * sample, and the largest is what the decoder's buffer is sized by. Undefined for another type,
 * values outside the file, or when the budget runs out (one step per value).
 */
export function largestValue(t: Tiff, entry: number, budget: Budget): number | undefined {
  const type = t.dv.getUint16(entry + 2, t.le);
  const count = t.dv.getUint32(entry + 4, t.le);
  const size = type === BYTE ? 1 : type === SHORT ? 2 : type === LONG ? 4 : 0;
  if (!size || count === 0) return undefined;
  const at = size * count <= 4 ? entry + 8 : t.base + t.dv.getUint32(entry + 8, t.le);
  if (at + size * count > t.dv.byteLength) return undefined;
  let largest = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && !budget.step()) return undefined;
    const v = size === 1 ? t.dv.getUint8(at + i) : size === 2 ? t.dv.getUint16(at + 2 * i, t.le) : t.dv.getUint32(at + 4 * i, t.le);
    largest = Math.max(largest, v);
  }
  return largest;
}

const ORIENTATION = 0x0112;

/**
 * Orientation (1–8) from an EXIF block: an optional "Exif\0\0", then a TIFF structure whose
 * first IFD holds tag 0x0112. 1 when absent, odd, damaged or past the budget: orientation only
 * swaps the sides a plan is made on, never what decoding holds, and the worker reads it again.
 */
export function exifOrientation(block: Uint8Array, budget: Budget): number {
  try {
    const { tiff, first } = tiffStructure(block, startsWith(block, 0, "Exif\0\0") ? 6 : 0);
    let orientation = 1;
    readIfd(tiff, first, budget, (tag, entry) => {
      if (tag === ORIENTATION && tiff.dv.getUint16(entry + 2, tiff.le) === SHORT) orientation = tiff.dv.getUint16(entry + 8, tiff.le);
    });
    return orientation >= 1 && orientation <= 8 ? orientation : 1;
  } catch {
    return 1;
  }
}
