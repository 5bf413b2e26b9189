import { encode } from "./encode";
import { defaultEncoder } from "./encoder-options";
import { asConversionError } from "./errors";
import { type PipelineResult } from "./pipeline";
import { checkSource, normalise, openHeader } from "./decode";
import type { VipsModule } from "../types";

/** The gallery grid's pictures: at most this many pixels a side. */
export const THUMBNAIL_SIZE = 320;

/**
 * A gallery thumbnail: at most `size` px a side, never enlarged, upright, WebP. Decoding it is
 * also the proof that an uploaded result is a whole image.
 */
export function makeThumbnail(vips: VipsModule, input: Uint8Array, size: number, maxPixels: number): PipelineResult {
  checkSource(input);
  try {
    openHeader(vips, input, maxPixels);
    // thumbnail shrinks while decoding where the format allows, and applies the orientation tag.
    const image = normalise(vips.Image.thumbnailBuffer(input, size, { height: size, size: "down", option_string: "fail_on=truncated" }));
    // A thumbnail is for the gallery grid: no metadata at all.
    const { data, mime } = encode(image, { format: "webp", quality: 75, metadata: "none", encoder: defaultEncoder("webp") });
    return { data, mime, quality: 75, format: "webp", width: image.width, height: image.height };
  } catch (error) {
    throw asConversionError(error);
  }
}
