import type Vips from "wasm-vips";
import { z } from "zod";

/** The initialised wasm-vips module (the same API in the browser worker and in Node). */
export type VipsModule = typeof Vips;
export type VipsImage = Vips.Image;

export type RunsOn = "client" | "server";

export interface ConverterMeta<P extends z.ZodObject = z.ZodObject> {
  /** Stable kebab-case id, used in URLs and saved pipelines. */
  id: string;
  /** For people: "Grayscale", "Flip horizontal". */
  name: string;
  description: string;
  runsOn: RunsOn;
  /** Every field has a default, so `params.parse({})` always yields a runnable set. */
  params: P;
  /**
   * True when the op reads its input top to bottom only. If every step of a chain is, the
   * loader can stream the image (libvips sequential access) instead of decoding it whole.
   */
  sequential: boolean;
  /**
   * How the op reads its input beyond one pass over each pixel: "neighbourhood" when output
   * tiles read overlapping areas (a blur), "whole" when it reads the image twice (a histogram,
   * then the mapping). A chain makes such a step's input once, in memory (converters/engine/chain.ts).
   */
  rereads?: "neighbourhood" | "whole";
  /**
   * Params measured in the input's pixels (a blur radius, a block size, a target width). A
   * preview made from a smaller copy of the photo scales them by the same factor, so it looks
   * like the full-size result shrunk.
   */
  pixelParams?: readonly string[];
  /**
   * As a chain's first step, the decoder may produce its output directly (its cost's outputSize,
   * rounded): JPEG and WebP shrink while decoding, far cheaper than decoding whole. Resize's.
   */
  shrinksOnLoad?: boolean;
  /** A heavy converter that can also run in the browser: a device.ts in its folder. */
  onDevice?: boolean;
  /**
   * When it runs on the device at a smaller size than on the server: the largest long side it
   * works at there; the page shows it. Absent with `onDevice`: the device works at full size.
   */
  deviceMaxSide?: number;
  /**
   * What the editor gives a step it adds, over the defaults: values that leave the photo as it
   * is (Brightness 1, Crop the whole photo), so nothing changes before the user moves a control.
   * The defaults stay the API's: a caller naming a converter without params wants it to act.
   */
  initial?: Partial<z.output<P>>;
  /**
   * What the editor draws on the stage while the step's settings are open: "crop-box", the
   * step's rectangle (params left, top, width, height in percent) with handles, on the image
   * before it; "touch-up", a brush whose strokes go into the step's `strokes` param, on its result.
   */
  overlay?: "crop-box" | "touch-up";
  /**
   * Two size params where 0 means "from the other, aspect kept" (resize's width and height): the
   * editor offers Keep aspect ratio, and setting one then zeroes the other.
   */
  aspectPair?: readonly [string, string];
  /**
   * How the step moves the picture's frame, so the compare can lay the same part of the original
   * under the result: a mirror, a turn by a param's degrees, or the crop-box rectangle of
   * `overlay`. Unset: the frame stays, or scales whole.
   */
  frame?: "mirror-x" | "mirror-y" | "crop-box" | { turnBy: string };
  /**
   * The params that scale a picture to `size` (its aspect kept): the engine shrinks a photo with
   * the converter that declares this (the upload fit), without naming it.
   */
  scaleTo?: (size: { width: number; height: number }) => Partial<z.output<P>>;
  /**
   * A file sent with the job that the step reads (style transfer's style photo): the multipart
   * field and attachment `field`, read when `param` is `value`. With the file sent and the param
   * unset, the param is `value`; the editor offers a file chooser (`title`) while it is.
   */
  attachment?: {
    field: keyof JobAttachments;
    param: string;
    value: string;
    title: string;
    /** The param's other values that stand for a shipped file, with its name in the model manifest: the editor shows it. */
    shipped?: Record<string, string>;
  };
}

export interface Size {
  width: number;
  height: number;
}

/**
 * How a converter's output size and run time scale with its input and params (a cost.ts in its
 * folder). Read before any pixel is decoded: the API refuses from it at submission, the worker
 * derives the job's deadline from it, and the page shows the estimate.
 */
export interface ConverterCost<P = never> {
  /** The output's size, unrounded, for an upright input of `size`. Absent: the same size. */
  outputSize?: (size: Size, params: P) => Size;
  /**
   * Seconds on the reference worker (2 cores, one conversion thread), for an input of `size`
   * (`alpha`: whether it has an alpha band; undefined when unknown). Absent: a pixel op's.
   */
  workSeconds?: (size: Size & { alpha?: boolean }, params: P) => number;
  /** True when the step gives its output an alpha band (rotate by an angle that is not a right one). */
  addsAlpha?: (params: P) => boolean;
  /**
   * True when the result is meant to be seen with its transparency (a cutout): with no format
   * named, a JPEG input then gives a PNG (converters/engine/output-format.ts), not a white background.
   * Params may be partial (the page's steps): read them with their defaults in mind.
   */
  wantsAlpha?: (params: P) => boolean;
  /** Why the converter cannot work on this size at all, in a person's words; undefined if it can. */
  refuse?: (size: Size, params: P) => string | undefined;
  /** Bytes a heavy step works in beyond its input and result (tensors, tiles), for the memory plan. */
  workingBytes?: (size: Size, params: P) => number;
  /** For a job over the limit: what to lower, for people ("Longest side to 2048 px or Steps to 20"). */
  cheaper?: (size: Size, params: P, limitSeconds: number) => string | undefined;
  /**
   * The part of its input a step works from, when it is less than all of it (DeepDream shrinks to
   * its longest side first; a resize to a given width): given its input already shrunk to this
   * size, the step gives the same result. Absent or undefined: every pixel counts. The page
   * shrinks a photo to what a chain needs before uploading it (converters/engine/input-need.ts).
   */
  usedInput?: (size: Size, params: P) => Size | undefined;
  /**
   * A heavy step with a device.ts, on the device, where it works at most at `maxSide` (the meta's
   * deviceMaxSide): the params it runs with there, or why it cannot run this size there.
   */
  onDevice?: (size: Size, params: P, maxSide: number) => { params: Record<string, unknown> } | { refuse: string };
  /**
   * How many times longer the device's engine (onnxruntime-web, WASM) takes for this step than the
   * server's (onnxruntime-node) on the same machine: the device's first estimate, before it has
   * measured itself (web/editor/device-speed.ts).
   */
  deviceEngineRatio?: number;
}

/** A cost.ts's type, from its meta's type alone (`import type`), so the page pulls in no zod. */
export type CostOf<M> = ConverterCost<ParamsOf<M>>;

/** A pixel converter's implementation: a lazy libvips graph from image to image. */
export type PixelRun<P> = (vips: VipsModule, image: VipsImage, params: P) => VipsImage;

export function defineMeta<P extends z.ZodObject>(meta: ConverterMeta<P>): ConverterMeta<P> {
  return meta;
}

export type ParamsOf<M> = M extends ConverterMeta<infer P> ? z.output<P> : never;

/** What a heavy converter gets besides its pixels: a way to report and to be stopped. */
export interface HeavyContext {
  /** Aborted when the job is cancelled or its lease is lost; the converter stops at its next step. */
  signal: AbortSignal;
  /** The share of the work done, 0 to 1. */
  onProgress: (progress: number) => void;
  /** Files sent with the job besides its image: style transfer's style photo. */
  attachments?: JobAttachments;
}

/** A job's files besides its image (converters/engine/job-files.ts packs them with it). */
export interface JobAttachments {
  style?: Uint8Array;
}

export interface ServerContext extends HeavyContext {
  /** Where a converter may keep large generated files (models) between runs. */
  cacheDir: string;
  /** Threads an ML runtime may use for this job: the container's CPU limit shared by the worker's slots. */
  threads?: number;
}

export interface DeviceContext extends HeavyContext {
  /** Bytes of the converter's model fetched so far, of `total`, while it downloads (once; then cached). */
  onDownload: (loaded: number, total: number) => void;
  /** Which engine runs it, for people: "WebGPU", "WASM, 4 threads". */
  onBackend: (backend: string) => void;
}

/**
 * A heavy converter's implementation (runsOn "server", a server.ts in its folder): asynchronous,
 * on upright 8-bit sRGB or grey input, in a worker thread of the worker role.
 */
export type ServerRun<P> = (vips: VipsModule, image: VipsImage, params: P, context: ServerContext) => Promise<VipsImage>;

/** The same converter in the browser worker (a device.ts beside its server.ts), on the same input. */
export type DeviceRun<P> = (vips: VipsModule, image: VipsImage, params: P, context: DeviceContext) => Promise<VipsImage>;
