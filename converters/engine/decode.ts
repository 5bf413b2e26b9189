// Reading an encoded photo as every step may assume it: its format checked by magic bytes, its
// header read before any decode so the pixel limit holds first, then decoded once (shrunk while
// decoding, or streamed, where the steps allow) to 8-bit sRGB or grey, upright.
import { ConversionError } from "./errors";
import { sniffFormat } from "./formats";
import type { SourceShape } from "./plan-memory";
import { costs } from "../costs.generated";
import type { ConverterMeta, VipsImage, VipsModule } from "../types";

const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** What the decoder will hold, from libvips' own reading of the header: the truth the API's estimate is checked against. */
export function headerShape(header: VipsImage, input: Uint8Array): SourceShape {
  const frames = header.getTypeof("n-pages") ? Math.max(1, header.getInt("n-pages")) : 1;
  return { ...uprightSize(header), bands: header.bands, bytesPerSample: BYTES_PER_SAMPLE[String(header.format)] ?? 8, frames, format: sniffFormat(input) };
}

/** The picture's size once upright: EXIF orientations 5 to 8 swap the sides. */
export function uprightSize(header: VipsImage): { width: number; height: number } {
  return orientation(header) >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

function orientation(image: VipsImage): number {
  return image.getTypeof("orientation") ? image.getInt("orientation") : 1;
}

/** The input's format, refusing what cannot be decoded before any work is done. */
export function checkSource(input: Uint8Array): Exclude<ReturnType<typeof sniffFormat>, undefined> {
  const source = sniffFormat(input);
  if (!source) throw new ConversionError("unsupported-type", "This file is not a JPEG, PNG, WebP, AVIF, GIF or TIFF image.");
  if (source === "heic") {
    // wasm-vips' libheif carries the AV1 codec only; HEVC decoding is not in the build.
    throw new ConversionError("unsupported-type", "HEIC photos cannot be opened yet. Export the photo as JPEG and try again.");
  }
  return source;
}

/** Reads the header only, so the pixel limit holds before any full decode. */
export function openHeader(vips: VipsModule, input: Uint8Array, maxPixels: number): VipsImage {
  const header = vips.Image.newFromBuffer(input, "", { access: "sequential", fail_on: "truncated" });
  // Every frame of an animation counts: a thousand small frames are a decompression bomb too.
  const pages = header.getTypeof("n-pages") ? Math.max(1, header.getInt("n-pages")) : 1;
  if (header.width * header.height * pages > maxPixels) {
    throw new ConversionError(
      "too-many-pixels",
      `The image has ${header.width}×${header.height} pixels${pages > 1 ? ` in each of ${pages} frames` : ""}; the limit is ${(maxPixels / 1e6).toFixed(0)} megapixels.`,
    );
  }
  return header;
}

/** 8-bit sRGB or grey, upright: the one shape every converter may assume. */
export function normalise(image: VipsImage): VipsImage {
  let out = orientation(image) > 1 ? image.autorot() : image;
  const interpretation = String(out.interpretation);
  if (interpretation !== "srgb" && interpretation !== "b-w") {
    const colourBands = out.hasAlpha() ? out.bands - 1 : out.bands;
    out = out.colourspace(colourBands >= 3 ? "srgb" : "b-w");
  }
  return out.format === "uchar" ? out : out.cast("uchar");
}

/** A step's output size, rounded to whole pixels, from its cost's outputSize: what a shrinking decoder makes. */
function loadSize(meta: ConverterMeta, size: { width: number; height: number }, params: Record<string, unknown>) {
  const out = costs[meta.id]?.outputSize?.(size, params as never);
  return out && { width: Math.max(1, Math.round(out.width)), height: Math.max(1, Math.round(out.height)) };
}

/**
 * The decoded, normalised input and the steps left to run on it. A leading step that shrinks on
 * load (its meta says so: Resize) is done by the decoder; a chain of sequential steps on an
 * upright image streams instead of decoding whole.
 */
export function decodeFor<S extends { meta: ConverterMeta; params: Record<string, unknown> }>(vips: VipsModule, input: Uint8Array, header: VipsImage, steps: S[]): { image: VipsImage; rest: S[]; streamed: boolean } {
  const upright = orientation(header) <= 1;
  const first = steps[0];
  const target = first?.meta.shrinksOnLoad ? loadSize(first.meta, uprightSize(header), first.params) : undefined;
  if (target) {
    // JPEG and WebP decoders can scale down while decoding; thumbnail also applies the orientation tag.
    const image = vips.Image.thumbnailBuffer(input, target.width, {
      height: target.height,
      size: "force",
      // thumbnail takes loader options only through option_string; a fail_on here is ignored.
      option_string: "fail_on=truncated",
    });
    // thumbnail reads its source sequentially: a step that reads its input twice needs a copy.
    return { image: normalise(image), rest: steps.slice(1), streamed: true };
  }
  const sequential = upright && steps.every((s) => s.meta.sequential);
  const image = sequential ? header : vips.Image.newFromBuffer(input, "", { access: "random", fail_on: "truncated" });
  return { image: normalise(image), rest: steps, streamed: sequential };
}
