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
}

/** A pixel converter's implementation: a lazy libvips graph from image to image. */
export type PixelRun<P> = (vips: VipsModule, image: VipsImage, params: P) => VipsImage;

export function defineMeta<P extends z.ZodObject>(meta: ConverterMeta<P>): ConverterMeta<P> {
  return meta;
}

export type ParamsOf<M> = M extends ConverterMeta<infer P> ? z.output<P> : never;

/** What a server-side converter gets besides its pixels: a way to report and to be stopped. */
export interface ServerContext {
  /** Aborted when the job is cancelled or its lease is lost; the converter stops at its next step. */
  signal: AbortSignal;
  /** The share of the work done, 0 to 1. */
  onProgress: (progress: number) => void;
  /** Where a converter may keep large generated files (models) between runs. */
  cacheDir: string;
}

/**
 * A heavy converter's implementation (runsOn "server", a server.ts in its folder): asynchronous,
 * on upright 8-bit sRGB or grey input, in a worker thread of the worker role.
 */
export type ServerRun<P> = (vips: VipsModule, image: VipsImage, params: P, context: ServerContext) => Promise<VipsImage>;
