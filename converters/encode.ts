import { MIME, type OutputFormat } from "./formats";
import type { VipsImage } from "./types";

export interface EncodeOptions {
  format: OutputFormat;
  /** 1–100; ignored for PNG, which is lossless. */
  quality: number;
}

/**
 * One saver per format, all libvips': bench/encoders.ts measured them against jSquash's codecs
 * (see the README), and the libvips savers won or tied on every format.
 */
export function encode(image: VipsImage, { format, quality }: EncodeOptions): { data: Uint8Array; mime: string } {
  // Only the colour profile survives: EXIF can carry GPS positions the user never meant to share.
  const keep = "icc";
  let data: Uint8Array;
  switch (format) {
    case "jpeg":
      // JPEG has no alpha; flatten onto white as a browser would show it.
      data = (image.hasAlpha() ? image.flatten({ background: [255] }) : image).writeToBuffer(".jpg", {
        Q: quality,
        keep,
      });
      break;
    case "png":
      data = image.writeToBuffer(".png", { compression: 6, keep });
      break;
    case "webp":
      data = image.writeToBuffer(".webp", { Q: quality, keep });
      break;
    case "avif":
      // effort 2: the AV1 encoder's higher efforts cost 10× the time for a few percent of size.
      data = image.writeToBuffer(".avif", { Q: quality, effort: 2, bitdepth: 8, keep });
      break;
  }
  return { data, mime: MIME[format] };
}
