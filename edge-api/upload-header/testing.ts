// Files for the header readers' tests and bench: real ones patched by hand, and hostile ones
// built byte by byte (a 1×1 GIF screen over a 6000×6000 frame, TIFFs full of rationals or IFDs,
// PNG and WebP files of countless chunks, AVIF grids claiming any size).
import { crc32 } from "node:zlib";
import { uprightSize } from "../../converters/engine/decode";
import type { VipsImage, VipsModule } from "../../converters/types";

const SAMPLE_BYTES: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** libvips' header of a file in checkUpload's terms (upright size); undefined when libvips refuses it. */
export function libvipsHeader(vips: VipsModule, file: Uint8Array) {
  let h: VipsImage;
  try {
    h = vips.Image.newFromBuffer(file, "", { access: "sequential" });
  } catch {
    return undefined;
  }
  const d = { ...uprightSize(h), bands: h.bands, bytesPerSample: SAMPLE_BYTES[h.format]!, frames: h.getTypeof("n-pages") ? h.getInt("n-pages") : 1 };
  return { ...d, decodedBytes: d.width * d.height * d.bands * d.bytesPerSample * d.frames };
}

const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
export const u16be = (n: number) => Uint8Array.of(n >> 8, n & 255);
export const u32be = (n: number) => Uint8Array.of(n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255);

/** A GIF of frames [left, top, width, height] (tiny LZW data each) on a width × height screen. */
export function gif(screen: [number, number], frames: [number, number, number, number][]): Uint8Array {
  const out: number[] = [...latin1("GIF89a")];
  const u16 = (n: number) => out.push(n & 255, n >> 8);
  u16(screen[0]);
  u16(screen[1]);
  out.push(0x80, 0, 0, 0, 0, 0, 255, 255, 255); // a 2-colour global table
  for (const [left, top, width, height] of frames) {
    out.push(0x2c);
    [left, top, width, height].forEach(u16);
    out.push(0, 2, 2, 0x4c, 0x01, 0);
  }
  out.push(0x3b);
  return Uint8Array.from(out);
}

/** One frame whose LZW data is about `bytes` in sub-blocks of `size` (one-byte ones make a walker read the most). */
export function gifOfSubBlocks(bytes: number, size = 1): Uint8Array {
  const head = gif([16, 16], [[0, 0, 16, 16]]).subarray(0, 13 + 6 + 11);
  const block = new Uint8Array(size + 1).fill(0x55);
  block[0] = size;
  return concat([head, repeated(block, Math.floor(bytes / (size + 1))), Uint8Array.of(0, 0x3b)]);
}

/**
 * A 16×16 grey TIFF whose EXIF IFD has `tags` tags, each pointing at the same `count`
 * rationals (the probe's file is one tag of 600 000: 4.8 MB).
 */
export function tiffWithRationals(count: number, tags = 1): Uint8Array {
  const [ifd0, ifd0Entries] = [8, 10];
  const exifIfd = ifd0 + 2 + ifd0Entries * 12 + 4;
  const pixels = exifIfd + 2 + tags * 12 + 4;
  const data = pixels + 256;
  const b = Buffer.alloc(data + count * 8);
  b.write("II*\0", 0, "latin1");
  b.writeUInt32LE(ifd0, 4);
  let at = ifd0;
  const entry = (tag: number, type: number, n: number, value: number) => {
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(type, at + 2);
    b.writeUInt32LE(n, at + 4);
    if (type === 3 && n === 1) b.writeUInt16LE(value, at + 8);
    else b.writeUInt32LE(value, at + 8);
    at += 12;
  };
  b.writeUInt16LE(ifd0Entries, at);
  at += 2;
  for (const [tag, type, value] of [[256, 3, 16], [257, 3, 16], [258, 3, 8], [259, 3, 1], [262, 3, 1], [273, 4, pixels], [277, 3, 1], [278, 3, 16], [279, 4, 256], [34665, 4, exifIfd]] as const) {
    entry(tag, type, 1, value);
  }
  at = exifIfd;
  b.writeUInt16LE(tags, at);
  at += 2;
  for (let i = 0; i < tags; i++) entry(0x829a + i, 5, count, data); // ExposureTime and on
  for (let i = 0; i < count; i++) b.writeUInt32LE(1, data + i * 8), b.writeUInt32LE(3, data + i * 8 + 4);
  return new Uint8Array(b);
}

/** A TIFF whose first IFD (16×16 grey) is followed by a chain of `more` empty IFDs, the last leading back to the first when `loop`. */
export function tiffChain(more: number, loop = false): Uint8Array {
  const first = tiffWithRationals(0);
  const b = Buffer.concat([Buffer.from(first), Buffer.alloc(more * 6)]);
  // IFD0's next-IFD offset sits after its 10 entries.
  let link = 8 + 2 + 10 * 12;
  for (let i = 0; i < more; i++) {
    const at = first.length + i * 6;
    b.writeUInt32LE(at, link);
    link = at + 2;
  }
  if (loop) b.writeUInt32LE(8, link);
  return new Uint8Array(b);
}

/** A TIFF whose first IFD has `entries` entries (65535 at most), its size tags at the end. */
export function tiffWideIfd(entries: number): Uint8Array {
  const b = Buffer.alloc(8 + 2 + entries * 12 + 4 + 256);
  b.write("II*\0", 0, "latin1");
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries, 8);
  for (let i = 0; i < entries; i++) {
    const at = 10 + i * 12;
    const tag = i === entries - 2 ? 256 : i === entries - 1 ? 257 : 0xc000 + (i % 0x3000);
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(3, at + 2);
    b.writeUInt32LE(1, at + 4);
    b.writeUInt16LE(16, at + 8);
  }
  return new Uint8Array(b);
}

/** A PNG chunk, CRC and all. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat([latin1(type), data]);
  return concat([u32be(data.length), body, u32be(crc32(body))]);
}

/** `png` with chunks inserted after IHDR (which ends at byte 33). */
export const pngWith = (png: Uint8Array, ...chunks: Uint8Array[]) => concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);

/** `part` `count` times over. */
export function repeated(part: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(part.length * count);
  for (let i = 0; i < count; i++) out.set(part, i * part.length);
  return out;
}

/** `png` with `count` empty private chunks before its pixels. */
export const pngOfChunks = (png: Uint8Array, count: number) => pngWith(png, repeated(pngChunk("zzZz", new Uint8Array(0)), count));

/** RIFF chunks appended to a WebP, its RIFF size mended. */
export function webpWith(webp: Uint8Array, ...chunks: Uint8Array[]): Uint8Array {
  const b = Buffer.concat([Buffer.from(webp), ...chunks]);
  b.writeUInt32LE(b.length - 8, 4);
  return new Uint8Array(b);
}

export function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.write(type, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return concat([head, data, new Uint8Array(data.length % 2)]);
}

/** A WebP's chunks, whole; and a WebP of chunks. */
export function riffChunks(webp: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  for (let at = 12; at + 8 <= webp.length; ) {
    const size = dv.getUint32(at + 4, true);
    out.push(webp.slice(at, at + 8 + size + (size % 2)));
    at += 8 + size + (size % 2);
  }
  return out;
}
export const webpOf = (chunks: Uint8Array[]) => webpWith(Uint8Array.from(Buffer.from("RIFF\0\0\0\0WEBP", "latin1")), ...chunks);

/** An animated WebP's VP8X canvas set to width × height (its frames left as they are). */
export function webpCanvas(webp: Uint8Array, width: number, height: number): Uint8Array {
  const b = Buffer.from(webp);
  if (b.toString("latin1", 12, 16) !== "VP8X") throw new Error("not an extended WebP");
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return new Uint8Array(b);
}

/** SOI, an APP0 whose length leads into `bytes` zero bytes: no marker anywhere after. */
export function jpegWithoutMarkers(bytes: number): Uint8Array {
  const b = new Uint8Array(bytes);
  b.set([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
  return b;
}

/** SOI then `pairs` of FF 00 (a stuffed byte, no marker): one resync each. */
export function jpegOfStuffing(pairs: number): Uint8Array {
  const b = new Uint8Array(2 + pairs * 2).fill(0xff);
  b[1] = 0xd8;
  for (let i = 3; i < b.length; i += 2) b[i] = 0;
  return b;
}

export { avif, avifClaiming, avifParts, avifWithIspeBoxes, type AvifParts } from "./testing-avif";
