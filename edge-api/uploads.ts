import { sniffFormat, type InputFormat } from "../converters/engine/formats";
import { formatBytes } from "./bytes";
import { decodedBytes, type HeaderInfo, readHeader } from "./upload-header";

export { decodedBytes } from "./upload-header";

export type UploadCheck =
  | ({
      ok: true;
      format: InputFormat;
      /** The upright picture's: EXIF orientations 5 to 8 (AVIF's irot 90/270) swap them. */
      width: number;
      height: number;
      /** width × height × bands × bytesPerSample × frames: what decoding will hold. */
      decodedBytes: number;
    } & Pick<HeaderInfo, "frames" | "bands" | "bytesPerSample">)
  | { ok: false; status: 413 | 415 | 422; title: string; detail: string };

/** "The image is 6.2 MB; the limit is 5 MB.", or, when both round alike, "just over". */
function overLimit(size: number, limit: number): string {
  const [a, b] = [formatBytes(size), formatBytes(limit)];
  return a === b ? `The image is just over the limit of ${b}.` : `The image is ${a}; the limit is ${b}.`;
}

/**
 * Everything that can be said about an upload before decoding its pixels: the type from its
 * magic bytes, its size, and from the header alone (read in plain JS within a fixed budget, so
 * a decompression bomb is refused before it can allocate anything) the size the decoder will
 * allocate, its frames, and the bytes decoding will hold.
 */
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
  let header: HeaderInfo;
  try {
    header = readHeader(bytes, format);
  } catch {
    return { ok: false, status: 422, title: "Undecodable image", detail: `The ${format.toUpperCase()} header is damaged or truncated.` };
  }
  const { width, height, frames, bands, bytesPerSample } = header;
  if (!(width >= 1 && height >= 1)) {
    return { ok: false, status: 422, title: "Undecodable image", detail: "The image header gives no size." };
  }
  // Every frame of an animation counts: the worker counts them all (converters/engine/pipeline.ts).
  if (width * height * frames > limits.maxPixels) {
    return {
      ok: false,
      status: 422,
      title: "Too many pixels",
      detail: `The image is ${width}×${height}${frames > 1 ? ` in each of ${frames} frames` : ""}; the limit is ${limits.maxPixels} pixels.`,
    };
  }
  const [w, h] = header.orientation >= 5 ? [height, width] : [width, height];
  return { ok: true, format, width: w, height: h, frames, bands, bytesPerSample, decodedBytes: decodedBytes(header) };
}
