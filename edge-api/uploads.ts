import { imageSize } from "image-size";
import { sniffFormat, type InputFormat } from "../converters/formats";
import { formatBytes } from "./bytes";
import { exifOrientation, frameCount } from "./upload-header";

export type UploadCheck =
  /** width and height are the upright picture's: EXIF orientations 5 to 8 swap them. */
  | { ok: true; format: InputFormat; width: number; height: number }
  | { ok: false; status: 413 | 415 | 422; title: string; detail: string };

/**
 * Everything that can be said about an upload before decoding its pixels: the type from its
 * magic bytes, its size, and its dimensions from the header alone (image-size parses headers
 * in plain JS, so a decompression bomb is refused before it can allocate anything).
 */
/** "The image is 6.2 MB; the limit is 5 MB.", or, when both round alike, "just over". */
function overLimit(size: number, limit: number): string {
  const [a, b] = [formatBytes(size), formatBytes(limit)];
  return a === b ? `The image is just over the limit of ${b}.` : `The image is ${a}; the limit is ${b}.`;
}

export function checkUpload(bytes: Uint8Array, limits: { maxBytes: number; maxPixels: number }): UploadCheck {
  if (bytes.byteLength > limits.maxBytes) {
    return { ok: false, status: 413, title: "Payload too large", detail: overLimit(bytes.byteLength, limits.maxBytes) };
  }
  const format = sniffFormat(bytes);
  if (!format || format === "heic") {
    return {
      ok: false,
      status: 415,
      title: "Unsupported media type",
      detail: format === "heic" ? "HEIC photos cannot be opened yet; send JPEG." : "The file is not a JPEG, PNG, WebP, AVIF, GIF or TIFF image.",
    };
  }
  let size: { width?: number; height?: number; orientation?: number };
  try {
    size = imageSize(bytes);
  } catch {
    return { ok: false, status: 422, title: "Undecodable image", detail: `The ${format.toUpperCase()} header is damaged or truncated.` };
  }
  const { width = 0, height = 0 } = size;
  if (width < 1 || height < 1) {
    return { ok: false, status: 422, title: "Undecodable image", detail: "The image header gives no size." };
  }
  // Every frame of an animation is decoded: the worker counts them all (converters/pipeline.ts).
  const frames = frameCount(bytes, format);
  if (width * height * frames > limits.maxPixels) {
    return {
      ok: false,
      status: 422,
      title: "Too many pixels",
      detail: `The image is ${width}×${height}${frames > 1 ? ` in each of ${frames} frames` : ""}; the limit is ${limits.maxPixels} pixels.`,
    };
  }
  const orientation = size.orientation ?? exifOrientation(bytes, format);
  return orientation >= 5 ? { ok: true, format, width: height, height: width } : { ok: true, format, width, height };
}
