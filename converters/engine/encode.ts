import { type EncoderOptions, type ExportSettings } from "./encoder-options";
import { MIME } from "./formats";
import { withMetadata } from "./metadata";
import type { VipsImage } from "../types";

export interface Encoded {
  data: Uint8Array;
  mime: string;
}

const SUBSAMPLE = { auto: "auto", "4:2:0": "on", "4:4:4": "off" } as const;
const BITDEPTH = { 2: 1, 4: 2, 16: 4, 256: 8 } as const;

/**
 * One saver per format, all libvips'. bench/encoders.ts measures them against jSquash's codecs
 * (figures in the README): JPEG is 6–10× faster here, PNG is 40 % smaller, WebP ties, and AVIF
 * at effort 0 matches jSquash's fastest speed in time.
 */
export function encode(source: VipsImage, settings: ExportSettings): Encoded {
  const { format, quality: Q } = settings;
  const { image, keep } = withMetadata(source, settings.metadata);
  let data: Uint8Array;
  switch (format) {
    case "jpeg": {
      const o = settings.encoder as EncoderOptions["jpeg"];
      // JPEG has no alpha; flatten onto white as a browser would show it.
      data = (image.hasAlpha() ? image.flatten({ background: [255] }) : image).writeToBuffer(".jpg", {
        Q,
        keep,
        optimize_coding: true,
        interlace: o.progressive,
        subsample_mode: SUBSAMPLE[o.subsampling],
        trellis_quant: o.trellis,
        overshoot_deringing: o.overshootDeringing,
        optimize_scans: o.optimizeScans && o.progressive,
        quant_table: o.quantTable,
      });
      break;
    }
    case "png": {
      const o = settings.encoder as EncoderOptions["png"];
      // libvips' default PNG filter is "none"; Paeth is smaller and faster at low zlib levels.
      const palette = o.palette ? { palette: true, Q, dither: o.dither, effort: o.effort, bitdepth: BITDEPTH[o.colours] } : {};
      data = image.writeToBuffer(".png", { compression: o.compression, filter: "paeth", interlace: o.interlace, keep, ...palette });
      break;
    }
    case "webp": {
      const o = settings.encoder as EncoderOptions["webp"];
      data = image.writeToBuffer(".webp", { Q, keep, lossless: o.lossless, near_lossless: o.nearLossless && !o.lossless, effort: o.effort, smart_subsample: o.smartSubsample });
      break;
    }
    case "avif": {
      const o = settings.encoder as EncoderOptions["avif"];
      data = image.writeToBuffer(".avif", { Q, keep, effort: o.effort, bitdepth: 8, lossless: o.lossless, subsample_mode: SUBSAMPLE[o.subsampling] });
      break;
    }
  }
  return { data, mime: MIME[format] };
}
