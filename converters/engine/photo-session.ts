// The editor's photo, decoded once and kept in the worker. Every edit then runs only its steps:
// first on a copy the size of the screen (a preview in tens of milliseconds), then on the full
// photo when the user pauses. Decoding a 12 MP JPEG again for each slider move was most of the
// time an edit took.
import { Chain } from "./chain";
import { exportImage, exportSettings } from "./export-image";
import { asConversionError, ConversionError } from "./errors";
import { defaultOutputFor, type OutputFormat } from "./formats";
import { toSrgb } from "./metadata";
import { type PipelineRequest, type PipelineResult, resolveSteps, type Step } from "./pipeline";
import { checkSource, normalise, openHeader, uprightSize } from "./decode";
import { DEFAULT_MAX_OUTPUT_PIXELS, planSteps } from "./plan";
import { z } from "zod";
import type { ConverterMeta, Size, VipsImage, VipsModule } from "../types";

/** A photo this many times over the pixel limit is refused outright: shrinking it would take minutes. */
const SHRINK_ON_LOAD_FACTOR = 8;

export interface OpenedPhoto extends Size {
  /** The photo's own size when it was over the limit and is edited smaller. */
  shrunkFrom?: Size;
  format: OutputFormat;
}

export interface PreviewResult extends Size {
  /** RGBA, 8 bits per channel, rows top to bottom: straight into an ImageData. */
  data: Uint8Array;
  /** The full-size result's size: where the page lays the preview out. */
  full: Size;
  /** Milliseconds the worker spent making it (the steps and the RGBA copy): the page's timing marks say the rest. */
  workerMs?: number;
}

interface Scaled {
  image: VipsImage;
  scale: number;
}

export class DecodedPhoto {
  private readonly bases = new Map<number, Scaled>();

  private constructor(
    private readonly vips: VipsModule,
    private readonly full: VipsImage,
    readonly opened: OpenedPhoto,
  ) {}

  /**
   * Decodes the photo whole, upright and in 8-bit sRGB. One over the pixel limit (but not
   * absurdly so) is shrunk while it loads to fit the limit, so Resize and every other step can
   * still work on it; the page says so.
   */
  static open(vips: VipsModule, bytes: Uint8Array, maxPixels: number): DecodedPhoto {
    const source = checkSource(bytes);
    try {
      let header: VipsImage;
      let shrunkFrom: Size | undefined;
      let image: VipsImage;
      try {
        header = openHeader(vips, bytes, maxPixels);
        image = vips.Image.newFromBuffer(bytes, "", { access: "random", fail_on: "truncated" });
      } catch (error) {
        if (!(error instanceof ConversionError && error.code === "too-many-pixels")) throw error;
        header = openHeader(vips, bytes, maxPixels * SHRINK_ON_LOAD_FACTOR);
        shrunkFrom = uprightSize(header);
        const f = Math.sqrt(maxPixels / (shrunkFrom.width * shrunkFrom.height));
        const width = Math.max(1, Math.floor(shrunkFrom.width * f));
        const height = Math.max(1, Math.floor(shrunkFrom.height * f));
        image = vips.Image.thumbnailBuffer(bytes, width, { height, size: "force", option_string: "fail_on=truncated" });
      }
      // Decoded into memory now, once: every later edit reads these pixels, not the file.
      const full = normalise(image).copyMemory().preventAutoDelete() as VipsImage;
      return new DecodedPhoto(vips, full, { width: full.width, height: full.height, format: defaultOutputFor(source), ...(shrunkFrom && { shrunkFrom }) });
    } catch (error) {
      throw asConversionError(error);
    }
  }

  /**
   * The steps on a copy whose long side is at most `maxSide`, as RGBA. Params given in pixels
   * are scaled with the copy, so the preview is the full result, smaller.
   */
  preview(steps: Step[], maxSide: number): PreviewResult {
    try {
      const resolved = resolveSteps(steps);
      const plan = planSteps(resolved.map((s) => ({ converter: s.meta.id, params: s.params })), this.opened, { maxOutputPixels: Number.MAX_SAFE_INTEGER });
      const { image: base, scale } = this.base(maxSide);
      // The kept copies are in memory: the chain streams from them, and copies only where a step rereads.
      const chain = new Chain(this.vips, base, { streamed: false });
      for (const step of resolved) chain.pixel(step.meta, step.run, scaleParams(step.meta, step.params, scale) as never);
      return { ...toRgba(chain.image), full: plan.output };
    } catch (error) {
      throw asConversionError(error);
    }
  }

  /** The steps on the full photo, encoded: what Download gives. */
  render(request: PipelineRequest, maxOutputPixels = DEFAULT_MAX_OUTPUT_PIXELS): PipelineResult {
    try {
      const resolved = resolveSteps(request.steps);
      const format = request.format ?? this.opened.format;
      const settings = exportSettings(request, format);
      planSteps(resolved.map((s) => ({ converter: s.meta.id, params: s.params })), this.opened, { maxOutputPixels, format });
      const chain = new Chain(this.vips, this.full, { streamed: false });
      for (const step of resolved) chain.pixel(step.meta, step.run, step.params as never);
      const image = chain.image;
      return { ...exportImage(image, settings), format, width: image.width, height: image.height };
    } catch (error) {
      throw asConversionError(error);
    }
  }

  /** Frees the kept pixels; the photo cannot be used after. */
  dispose(): void {
    for (const { image } of this.bases.values()) if (image !== this.full) image.delete();
    this.bases.clear();
    this.full.delete();
  }

  private base(maxSide: number): Scaled {
    // Sizes are bucketed so a window being resized does not make a copy per pixel.
    const side = Math.max(64, roundSide(maxSide));
    let base = this.bases.get(side);
    if (!base) {
      const long = Math.max(this.full.width, this.full.height);
      if (long <= side) base = { image: this.full, scale: 1 };
      else {
        const image = this.full.thumbnailImage(Math.round((this.full.width * side) / long), { height: side, size: "down" }).copyMemory().preventAutoDelete() as VipsImage;
        base = { image, scale: image.width / this.full.width };
      }
      // Two sizes at most: the one shown now and the one before a rotation of the phone.
      if (this.bases.size >= 2) {
        const [oldest, old] = [...this.bases][0]!;
        if (old.image !== this.full) old.image.delete();
        this.bases.delete(oldest);
      }
      this.bases.set(side, base);
    }
    return base;
  }
}

/** Up to the next of 256, 384, 512, 768, 1024, 1536, 2048…: few copies, never blurrier than asked. */
function roundSide(side: number): number {
  const power = 2 ** Math.floor(Math.log2(Math.max(1, side)));
  return side <= power ? power : side <= power * 1.5 ? power * 1.5 : power * 2;
}

const integerParams = new WeakMap<ConverterMeta, Set<string>>();

/** A step's pixel-unit params times `scale`: whole numbers stay whole, and at least 1. */
export function scaleParams(meta: ConverterMeta, params: Record<string, unknown>, scale: number): Record<string, unknown> {
  if (!meta.pixelParams?.length || scale === 1) return params;
  let integers = integerParams.get(meta);
  if (!integers) {
    const { properties = {} } = z.toJSONSchema(meta.params) as { properties?: Record<string, { type?: string }> };
    integers = new Set(Object.keys(properties).filter((k) => properties[k]?.type === "integer"));
    integerParams.set(meta, integers);
  }
  const out = { ...params };
  for (const name of meta.pixelParams) {
    const value = params[name];
    // 0 means "auto" (Resize's width or height): it stays auto.
    if (typeof value !== "number" || value === 0) continue;
    const scaled = value * scale;
    // A blur of a hundredth of a pixel is no blur: the preview shows what the full result shows.
    out[name] = integers.has(name) ? Math.max(1, Math.round(scaled)) : Math.max(0.01, scaled);
  }
  return out;
}

/**
 * RGBA bytes of an 8-bit sRGB or grey image, alpha added where there is none. A canvas takes
 * them as sRGB: a Display P3 or Adobe RGB photo's numbers are converted by its profile, or the
 * preview would look duller than the file the viewer's colour management shows.
 */
function toRgba(image: VipsImage): { data: Uint8Array; width: number; height: number } {
  let out = toSrgb(image);
  if (out.bands < 3) out = out.colourspace("srgb");
  if (!out.hasAlpha()) out = out.bandjoin(255);
  if (out.format !== "uchar") out = out.cast("uchar");
  return { data: out.writeToMemory() as Uint8Array, width: out.width, height: out.height };
}
