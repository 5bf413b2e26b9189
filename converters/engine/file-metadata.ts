// Which metadata modes would leave a file's metadata as it is. With no steps and no new encoding
// asked for, the editor then gives the file itself instead of encoding its pixels again (a
// 270 KB JPEG became 125 KB for nothing). Read from the header only: no pixel is decoded.
import type { MetadataMode } from "./encoder-options";
import { fieldNames, SAFE_EXIF } from "./metadata";
import { uprightSize } from "./decode";
import type { Size, VipsModule } from "../types";

/** What libvips says about the pixels and how they are stored: no one's metadata. */
const LAYOUT_FIELDS = new Set([
  "width",
  "height",
  "bands",
  "format",
  "coding",
  "interpretation",
  "xoffset",
  "yoffset",
  "xres",
  "yres",
  "resolution-unit",
  "orientation",
  "filename",
  "vips-loader",
  "vips-sequential",
  "n-pages",
  "page-height",
  "bits-per-sample",
  "palette",
  "palette-bit-depth",
  "interlaced",
  "jpeg-multiscan",
  "jpeg-chroma-subsample",
  "heif-primary",
  "heif-compression",
  "heif-bitdepth",
]);

/**
 * EXIF tags that say how the pixels are laid out, not who took them, where or with what. Safe's
 * rebuilt EXIF does without them, but a file that carries them tells no more than its pixels.
 */
const LAYOUT_EXIF = new Set([
  "exif-ifd0-Orientation",
  "exif-ifd0-XResolution",
  "exif-ifd0-YResolution",
  "exif-ifd0-ResolutionUnit",
  "exif-ifd0-YCbCrPositioning",
  "exif-ifd2-ExifVersion",
  "exif-ifd2-FlashpixVersion",
  "exif-ifd2-ColorSpace",
  "exif-ifd2-ComponentsConfiguration",
  "exif-ifd2-PixelXDimension",
  "exif-ifd2-PixelYDimension",
]);

/** What "Safe" lets through: the profile, the EXIF block whose tags are all in its list, or layout. */
const safeField = (name: string) => name === "icc-profile-data" || name === "exif-data" || SAFE_EXIF.has(name) || LAYOUT_EXIF.has(name);

/**
 * PNG chunks that hold text or EXIF. libvips reads a PNG's header up to its first image data, and
 * text may follow it (an XMP packet is an iTXt chunk), so the chunks are listed from the bytes.
 */
const PNG_METADATA_CHUNKS = new Set(["tEXt", "zTXt", "iTXt", "eXIf"]);

function pngHasMetadataChunk(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // After the 8-byte signature: length (4), type (4), data, CRC (4); at most 100 000 chunks.
  for (let at = 8, seen = 0; at + 8 <= bytes.length && seen < 100_000; seen++) {
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (PNG_METADATA_CHUNKS.has(type)) return true;
    if (type === "IEND") return false;
    at += 12 + view.getUint32(at);
  }
  return false;
}

/**
 * The metadata modes whose export would keep this file's metadata as it is: always "all"; "safe"
 * when the file holds nothing Safe drops (a location, a serial number, a maker note, XMP, IPTC,
 * a thumbnail, text); "none" when it holds no metadata at all, not even a colour profile.
 */
export function modesKeepingMetadata(vips: VipsModule, bytes: Uint8Array): MetadataMode[] {
  return inspectFile(vips, bytes).keptBy;
}

/** A file as Download would give it unchanged: the modes that keep its metadata, and its size as shown (upright). */
export interface FileFacts extends Size {
  keptBy: MetadataMode[];
}

export function inspectFile(vips: VipsModule, bytes: Uint8Array): FileFacts {
  const header = vips.Image.newFromBuffer(bytes, "", { access: "sequential" });
  const metadata = fieldNames(header).filter((name) => !LAYOUT_FIELDS.has(name));
  const pngText = bytes[0] === 0x89 && bytes[1] === 0x50 && pngHasMetadataChunk(bytes);
  const modes: MetadataMode[] = ["all"];
  if (!pngText && metadata.every(safeField)) modes.push("safe");
  if (!pngText && metadata.length === 0) modes.push("none");
  return { keptBy: modes, ...uprightSize(header) };
}
