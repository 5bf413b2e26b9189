// What an export can ask of each saver, one zod schema per format. The same schemas validate the
// API's `encoder` field, describe it in the OpenAPI document, and type the editor's controls.
import { z } from "zod";
import type { OutputFormat } from "./formats";

export const METADATA_MODES = ["none", "safe", "all"] as const;
export type MetadataMode = (typeof METADATA_MODES)[number];
export const DEFAULT_METADATA: MetadataMode = "safe";

const subsampling = z.enum(["auto", "4:2:0", "4:4:4"]).default("auto").describe("Chroma subsampling. auto: 4:2:0 below quality 90, 4:4:4 from 90");

export const JpegOptions = z
  .strictObject({
    progressive: z.boolean().default(false).describe("Progressive scans (SOF2): loads blurry-to-sharp, usually a little smaller"),
    subsampling,
    trellis: z.boolean().default(false).describe("mozjpeg trellis quantisation: smaller at the same quality, slower"),
    overshootDeringing: z.boolean().default(false).describe("mozjpeg overshoot deringing: less ringing round black-on-white edges"),
    optimizeScans: z.boolean().default(false).describe("mozjpeg: choose the progressive scans for size (needs progressive)"),
    quantTable: z.int().min(0).max(8).default(0).describe("mozjpeg quantisation table, 0–8 (0: JPEG Annex K; 3: ImageMagick's; 6: Klein)"),
  })
  .describe("JPEG (mozjpeg)");

export const WebpOptions = z
  .strictObject({
    lossless: z.boolean().default(false).describe("Lossless: quality is ignored"),
    nearLossless: z.boolean().default(false).describe("Near-lossless preprocessing; quality sets its level (100: none)"),
    effort: z.int().min(0).max(6).default(4).describe("CPU effort, 0 (fastest) to 6 (smallest)"),
    smartSubsample: z.boolean().default(false).describe("Sharper chroma for colour edges, slower"),
  })
  .describe("WebP (libwebp)");

export const AvifOptions = z
  .strictObject({
    // Effort 0 took a sixth of effort 2's time for 0.3 dB less on a 2 MP photo (bench/encoders.ts).
    effort: z.int().min(0).max(9).default(0).describe("CPU effort, 0 (fastest) to 9 (smallest)"),
    subsampling,
    lossless: z.boolean().default(false).describe("Lossless: quality is ignored"),
  })
  .describe("AVIF (libheif, AV1)");

/** libimagequant picks at most 2^bitdepth colours: these are the counts libvips can promise. */
export const PALETTE_COLOURS = [2, 4, 16, 256] as const;
export const PngOptions = z
  .strictObject({
    palette: z.boolean().default(false).describe("Reduce to a palette with libimagequant (PLTE): lossy, much smaller; quality sets the quantiser's target"),
    colours: z.literal(PALETTE_COLOURS).default(256).describe("With palette: at most this many colours"),
    dither: z.number().min(0).max(1).default(1).describe("With palette: Floyd–Steinberg dithering, 0–1"),
    effort: z.int().min(1).max(10).default(7).describe("With palette: quantiser effort, 1–10"),
    compression: z.int().min(0).max(9).default(2).describe("zlib level, 0–9. With the Paeth filter, 2 was 40 % smaller and faster than 6 unfiltered (bench/encoders.ts)"),
    interlace: z.boolean().default(false).describe("Adam7 interlacing"),
  })
  .describe("PNG (libspng, libimagequant)");

export const ENCODER_SCHEMAS = { jpeg: JpegOptions, webp: WebpOptions, avif: AvifOptions, png: PngOptions } as const;
export type EncoderOptions = { jpeg: z.output<typeof JpegOptions>; webp: z.output<typeof WebpOptions>; avif: z.output<typeof AvifOptions>; png: z.output<typeof PngOptions> };
export type AnyEncoderOptions = EncoderOptions[OutputFormat];

/** A format's options with every default filled in: what an export with no `encoder` uses. */
export const defaultEncoder = <F extends OutputFormat>(format: F): EncoderOptions[F] => ENCODER_SCHEMAS[format].parse({}) as EncoderOptions[F];

/** The options for `format`, or a message naming the field that is wrong. */
export function parseEncoder(format: OutputFormat, raw: unknown): { ok: true; value: AnyEncoderOptions } | { ok: false; message: string } {
  const parsed = ENCODER_SCHEMAS[format].safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `encoder.${issue.path.join(".")}` : "encoder";
  return { ok: false, message: `${where}: ${issue.message} (options for ${format.toUpperCase()})` };
}

/** True when quality has no say in the output's size, so a target size cannot be searched for. */
export function isLossless(format: OutputFormat, encoder: AnyEncoderOptions): boolean {
  if (format === "png") return !(encoder as EncoderOptions["png"]).palette;
  return "lossless" in encoder && encoder.lossless;
}

/** Everything an encode needs beyond the pixels. */
export interface ExportSettings {
  format: OutputFormat;
  /** 1–100. PNG: the palette quantiser's target (with palette only). */
  quality: number;
  metadata: MetadataMode;
  encoder: AnyEncoderOptions;
  /** Find the highest quality whose output is at most this many bytes. */
  targetBytes?: number;
}

/** The smallest target worth searching for: below it every format's header alone is the size. */
export const MIN_TARGET_BYTES = 1024;
