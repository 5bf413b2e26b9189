// Hostile but admissible inputs for the drills, made at run time: what an outsider who read the
// limits would send to get through the door and then hurt everyone behind it.
import sharp from "sharp";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Noise, so nothing compresses away: a photo's worth of work. */
export const noiseJpeg = (width: number, height: number, quality = 80) =>
  sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 30 } } }).jpeg({ quality }).toBuffer();

/** A small PNG carrying a text chunk of `textBytes` (4.7 MB: just under the upload limit), which every copy of its metadata repeats. */
export async function pngWithText(textBytes = 4_710_000): Promise<Buffer> {
  const plain = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#3a6" } }).png().toBuffer();
  const text = pngChunk("tEXt", Buffer.concat([Buffer.from("Comment\0", "latin1"), Buffer.alloc(textBytes, 0x41)]));
  // After IHDR (8-byte signature + 25-byte chunk), before the pixels.
  return Buffer.concat([plain.subarray(0, 33), text, plain.subarray(33)]);
}

/** 1.6 KB on the wire, 317 MB decoded: 6300×6300 RGBA at 12 bits, 4:4:4. */
export const deepAvif = () =>
  sharp({ create: { width: 6300, height: 6300, channels: 4, background: { r: 10, g: 200, b: 90, alpha: 0.5 } } })
    .avif({ bitdepth: 12, chromaSubsampling: "4:4:4", effort: 0, quality: 30 })
    .toBuffer();

/** A GIF whose logical screen says 1×1 while its first frame is `side`×`side`. */
export async function gifWithHiddenFrame(side = 6000): Promise<Buffer> {
  const gif = Buffer.from(await sharp({ create: { width: side, height: side, channels: 3, background: "#c33" } }).gif().toBuffer());
  gif.writeUInt16LE(1, 6);
  gif.writeUInt16LE(1, 8);
  return gif;
}

/**
 * An 8×8 grey TIFF whose IFD0 carries one RATIONAL tag with `rationals` values (600 000: 4.8 MB),
 * which an EXIF parser turns into as many objects.
 */
export function tiffWithRationals(rationals = 600_000): Buffer {
  const entries: [tag: number, type: number, count: number, value: number][] = [];
  const pixelsAt = 8;
  const rationalsAt = pixelsAt + 64;
  entries.push([256, 3, 1, 8], [257, 3, 1, 8], [258, 3, 1, 8], [259, 3, 1, 1], [262, 3, 1, 1], [273, 4, 1, pixelsAt], [277, 3, 1, 1], [278, 3, 1, 8], [279, 4, 1, 64], [282, 5, rationals, rationalsAt]);
  const ifdAt = rationalsAt + rationals * 8;
  const out = Buffer.alloc(ifdAt + 2 + entries.length * 12 + 4);
  out.write("II*\0", 0, "latin1");
  out.writeUInt32LE(ifdAt, 4);
  out.fill(0x80, pixelsAt, pixelsAt + 64);
  for (let i = 0; i < rationals; i++) {
    out.writeUInt32LE(72 + (i % 7), rationalsAt + i * 8);
    out.writeUInt32LE(1, rationalsAt + i * 8 + 4);
  }
  out.writeUInt16LE(entries.length, ifdAt);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdAt + 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    if (type === 3 && count === 1) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value, at + 8);
  });
  return out;
}

/** `n` sharpens at the widest radius the schema allows: each rereads what the one before made. */
export const sharpenChain = (n: number) => Array.from({ length: n }, () => ({ converter: "sharpen", params: { sigma: 20, amount: 5 } }));
