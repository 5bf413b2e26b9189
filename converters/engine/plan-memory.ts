// How much memory a job holds at its peak, known from the header and the chain before any pixel
// is decoded. Pixels alone do not say it: a 1.5 KB AVIF of 6300×6300 at 12 bits with alpha is
// under the pixel limit but decodes to 16-bit RGBA (317 MB), which libheif holds twice more
// while it converts its planes. The chain adds what its steps keep: converters/engine/chain.ts copies
// the input of a step that rereads it, and an encoder that needs the whole picture holds it.
import type { InputFormat, OutputFormat } from "./formats";
import type { Size } from "../types";

/** What the decoder will make of the input: from the upload's header (edge-api) or libvips'. */
export interface SourceShape extends Size {
  /** Channels, alpha included. */
  bands?: number;
  /** 1 for 8 bits, 2 for 9–16, 4 for 32-bit or float samples. */
  bytesPerSample?: number;
  /** Frames or pages the decoder may hold. */
  frames?: number;
  format?: InputFormat;
}

/**
 * Buffers a decoder holds beside the decoded image, as multiples of it: libheif decodes every
 * plane whole and converts them into a second whole image, which libvips copies again; libwebp
 * decodes into a buffer of its own that libvips copies. The others stream, or decode into
 * libvips' buffer directly.
 */
const DECODER_COPIES: Partial<Record<InputFormat, number>> = { avif: 3, heic: 3, webp: 2 };

/** Bytes per pixel of an image between steps: upright 8-bit sRGB or grey, perhaps with alpha. */
const WORKING_BYTES_PER_PIXEL = 4;

/** Bytes per output pixel an encoder holds at once: JPEG and PNG stream rows; WebP and AVIF convert the whole picture to YUV first. */
const ENCODER_BYTES_PER_PIXEL: Record<OutputFormat, number> = { jpeg: 0, png: 0, webp: 6, avif: 8 };

/** Bytes the decoded input takes, frames and the decoder's own copies included. */
export function decodedBytes(source: SourceShape): number {
  const samples = source.width * source.height * (source.bands ?? 4) * (source.frames ?? 1);
  return samples * (source.bytesPerSample ?? 1) * (source.format ? (DECODER_COPIES[source.format] ?? 1) : 1);
}

/** Follows a chain's memory: call `step` for each step, then `encode`, then read `peak`. */
export class MemoryPlan {
  peak: number;
  /** The image held between steps; until the first step, the decoded input. */
  private held: number;
  private steps = 0;

  constructor(source: SourceShape) {
    this.peak = decodedBytes(source);
    this.held = source.width * source.height * WORKING_BYTES_PER_PIXEL;
  }

  /**
   * A step from `input` to `output`: one that rereads its input gets a copy of it first (both
   * live at once), and a heavy step holds its input, its result and its own working memory.
   */
  step(input: Size, output: Size, how: { rereads?: boolean; heavy?: boolean; workingBytes?: number }): void {
    const inBytes = input.width * input.height * WORKING_BYTES_PER_PIXEL;
    if (how.heavy) {
      const outBytes = output.width * output.height * WORKING_BYTES_PER_PIXEL;
      this.note(this.held + inBytes + outBytes + (how.workingBytes ?? 0));
      this.held = outBytes;
    } else if (how.rereads && this.steps > 0) {
      // The copy is made while the image it replaces is still held; then only the copy is.
      this.note(this.held + inBytes);
      this.held = inBytes;
    }
    this.steps++;
  }

  /** The encode: a copy for a target-size search (it encodes the same pixels several times), and the encoder's own. */
  encode(output: Size, format: OutputFormat | undefined, targetSearch: boolean): void {
    const pixels = output.width * output.height;
    const copy = targetSearch ? pixels * WORKING_BYTES_PER_PIXEL : 0;
    this.note(this.held + copy + pixels * (format ? ENCODER_BYTES_PER_PIXEL[format] : 0));
  }

  private note(bytes: number): void {
    this.peak = Math.max(this.peak, bytes);
  }
}

export const formatMegabytes = (bytes: number) => `${Math.ceil(bytes / 1e6)} MB`;
