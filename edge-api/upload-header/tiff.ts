// TIFF: libvips decodes the first IFD (its size, samples and sample width) and counts every IFD
// in the chain as a page.
import { type Budget, HeaderError, type HeaderInfo } from "./budget";
import { largestValue, readIfd, type Tiff, tiffStructure } from "./ifd";

const WIDTH = 256;
const HEIGHT = 257;
const BITS_PER_SAMPLE = 258;
const PHOTOMETRIC = 262;
const ORIENTATION = 274;
const SAMPLES_PER_PIXEL = 277;
const SAMPLE_FORMAT = 339;
const READ = new Set([WIDTH, HEIGHT, BITS_PER_SAMPLE, PHOTOMETRIC, ORIENTATION, SAMPLES_PER_PIXEL, SAMPLE_FORMAT]);

const PALETTE = 3;
const CIELAB = [8, 9, 10];
const LOGLUV = [32844, 32845];
const FLOAT = 3;
const COMPLEX = [5, 6];

/** An IFD is at least its entry count and next offset: the most a file can chain, were the budget spent. */
const MIN_IFD_BYTES = 6;

export function readTiff(b: Uint8Array, budget: Budget): HeaderInfo {
  const { tiff, first } = tiffStructure(b, 0);
  const tags = new Map<number, number>();
  const ifd0 = readIfd(tiff, first, budget, (tag, entry) => {
    if (!READ.has(tag)) return;
    const value = largestValue(tiff, entry, budget);
    // Duplicated tags: the larger, whichever the decoder keeps.
    if (value !== undefined) tags.set(tag, Math.max(tags.get(tag) ?? 0, value));
  });
  // A first IFD the budget cannot read through may hide samples per pixel or bits per sample
  // anywhere in it (libtiff accepts unsorted tags), and neither has a bound worth assuming.
  if (!ifd0.complete || budget.spent) throw new HeaderError("first IFD past the budget");
  const width = tags.get(WIDTH);
  const height = tags.get(HEIGHT);
  if (!width || !height) throw new HeaderError("no ImageWidth or ImageLength");

  const photometric = tags.get(PHOTOMETRIC) ?? 0;
  const sampleFormat = tags.get(SAMPLE_FORMAT) ?? 1;
  // TIFF's defaults: one sample of one bit. Samples of 1, 2 or 4 bits are unpacked to bytes.
  let bands = tags.get(SAMPLES_PER_PIXEL) ?? 1;
  let bytesPerSample = Math.max(1, 2 ** Math.ceil(Math.log2(Math.ceil((tags.get(BITS_PER_SAMPLE) ?? 1) / 8))));
  // A palette is expanded to RGB, besides any extra samples (alpha).
  if (photometric === PALETTE) bands += 2;
  // 8-bit CIELAB comes out as LabQ, four bytes a pixel.
  if (CIELAB.includes(photometric)) bands = Math.max(bands, 4);
  // LogLuv and float samples (even 16-bit half floats) come out as 32-bit floats; complex
  // samples as two of their parts.
  if (LOGLUV.includes(photometric)) [bands, bytesPerSample] = [Math.max(bands, 3), Math.max(bytesPerSample, 4)];
  if (sampleFormat === FLOAT) bytesPerSample = Math.max(bytesPerSample, 4);
  if (COMPLEX.includes(sampleFormat)) bytesPerSample = Math.max(bytesPerSample * 2, 8);

  const orientation = tags.get(ORIENTATION) ?? 1;
  return {
    width,
    height,
    frames: pages(b, first, tiff, budget),
    bands: Math.max(1, bands),
    bytesPerSample,
    orientation: orientation >= 1 && orientation <= 8 ? orientation : 1,
  };
}

/**
 * The IFD chain's length; past the budget, as many more as the file could hold. A chain that
 * loops (libtiff stops at the first IFD seen again) is found by a second walker at twice the
 * pace, without a set of the offsets seen (10 000 of them took 0.8 ms to add): they meet within
 * the loop after at most as many steps as the chain has IFDs, so twice that bounds the count.
 */
function pages(b: Uint8Array, first: number, tiff: Tiff, budget: Budget): number {
  const next = (offset: number) => {
    if (offset <= 0 || offset + 2 > b.length) return 0;
    const at = offset + 2 + tiff.dv.getUint16(offset, tiff.le) * 12;
    return at + 4 <= b.length ? tiff.dv.getUint32(at, tiff.le) : 0;
  };
  let [count, ifd, ahead] = [0, first, first];
  while (ifd > 0 && ifd + 2 <= b.length) {
    if (!budget.step()) return count + Math.ceil(b.length / MIN_IFD_BYTES);
    count++;
    [ifd, ahead] = [next(ifd), next(next(ahead))];
    if (ahead !== 0 && ahead === ifd) return 2 * count;
  }
  return Math.max(1, count);
}
