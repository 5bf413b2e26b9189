/// <reference lib="webworker" />
// The one worker that touches pixels in the browser. The page talks to it through comlink
// (web/worker/bridge.ts); converters and the pipeline are the same modules the server runs.
import * as Comlink from "comlink";
import { DEFAULT_MAX_PIXELS, runPipeline, type PipelineRequest, type PipelineResult } from "../../converters/engine/pipeline";
import type { VipsModule } from "../../converters/types";
import { queueHandles, withHandles } from "../../converters/engine/vips-handles";
import { DecodedPhoto, type OpenedPhoto, type PreviewResult } from "../../converters/engine/photo-session";
import type { Step } from "../../converters/engine/pipeline";
import { makeThumbnail, THUMBNAIL_SIZE } from "../../converters/engine/thumbnail";
import { type FileFacts, inspectFile } from "../../converters/engine/file-metadata";
import type { MetadataMode } from "../../converters/engine/encoder-options";
import type { UploadLimits } from "../../converters/engine/input-need";
import { type PreparedUpload, prepareUpload } from "../../converters/engine/upload-fit";
import { calibrationMs } from "../../converters/engine/calibration";

declare const self: DedicatedWorkerGlobalScope;

const VIPS_BASE = "/vendor/wasm-vips/";
let loading: Promise<VipsModule> | undefined;

async function loadVips(): Promise<VipsModule> {
  // Without isolation there is no SharedArrayBuffer and wasm-vips would hang, not fail.
  if (!self.crossOriginIsolated) {
    throw new Error("This page is not cross-origin isolated, so the on-device image engine cannot start.");
  }
  const url = new URL(`${VIPS_BASE}vips-es6.js`, self.location.origin).href;
  const { default: Vips } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as {
    default: (options: object) => Promise<VipsModule>;
  };
  const vips = await Vips({
    dynamicLibraries: ["vips-heif.wasm"],
    locateFile: (file: string) => `${VIPS_BASE}${file}`,
  });
  // In the browser wasm-vips defaults to a single thread.
  vips.concurrency(Math.max(1, self.navigator.hardwareConcurrency || 1));
  return queueHandles(vips);
}

function vipsModule(): Promise<VipsModule> {
  loading ??= loadVips().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** What the page hears while a heavy converter runs on the device (Comlink proxies). */
export interface HeavyHooks {
  onProgress: (progress: number) => void;
  onDownload: (loaded: number, total: number) => void;
  onBackend: (backend: string) => void;
}

/** The editor's photo, decoded once; one at a time. */
let photo: { id: string; session: DecodedPhoto } | undefined;

/** The page asked about a photo this worker does not hold (it was ended, or idled out): it opens it again. */
const PHOTO_NOT_OPEN = "photo-not-open";

function openPhotoSession(id: string): DecodedPhoto {
  if (photo?.id !== id) throw new Error(PHOTO_NOT_OPEN);
  return photo.session;
}

const api = {
  async openPhoto(id: string, input: ArrayBuffer, maxPixels = DEFAULT_MAX_PIXELS): Promise<OpenedPhoto> {
    const vips = await vipsModule();
    photo?.session.dispose();
    photo = undefined;
    const session = await withHandles(vips, () => DecodedPhoto.open(vips, new Uint8Array(input), maxPixels));
    photo = { id, session };
    return session.opened;
  },

  async previewPhoto(id: string, steps: Step[], maxSide: number): Promise<PreviewResult> {
    const vips = await vipsModule();
    const start = performance.now();
    const result = await withHandles(vips, () => openPhotoSession(id).preview(steps, maxSide));
    result.workerMs = performance.now() - start;
    return Comlink.transfer(result, [result.data.buffer as ArrayBuffer]);
  },

  async renderPhoto(id: string, request: PipelineRequest): Promise<PipelineResult> {
    const vips = await vipsModule();
    const result = await withHandles(vips, () => openPhotoSession(id).render(request));
    return Comlink.transfer(result, [result.data.buffer as ArrayBuffer]);
  },

  /** Whether Download may give the file itself, from its header: what each metadata mode would keep, and its size. */
  async inspectFile(input: ArrayBuffer): Promise<FileFacts> {
    const vips = await vipsModule();
    return withHandles(vips, () => inspectFile(vips, new Uint8Array(input)));
  },

  async process(input: ArrayBuffer, request: PipelineRequest): Promise<PipelineResult> {
    const vips = await vipsModule();
    // The pipeline is synchronous, so no other call's images are alive when these are freed.
    const result = await withHandles(vips, () => runPipeline(vips, new Uint8Array(input), request));
    return Comlink.transfer(result, [result.data.buffer as ArrayBuffer]);
  },

  /** The gallery's picture of a result, as the server would make it: saved with the result, so the server decodes nothing. */
  async thumbnail(input: ArrayBuffer): Promise<PipelineResult> {
    const vips = await vipsModule();
    const result = await withHandles(vips, () => makeThumbnail(vips, new Uint8Array(input), THUMBNAIL_SIZE, DEFAULT_MAX_PIXELS * 8));
    return Comlink.transfer(result, [result.data.buffer as ArrayBuffer]);
  },

  /**
   * The photo for a server job: shrunk to what its chain uses and encoded within the server's
   * upload limits (converters/engine/upload-fit.ts). Undefined `result`: the photo goes as it is.
   */
  async prepareUpload(input: ArrayBuffer, steps: Step[], limits: UploadLimits, metadata: MetadataMode): Promise<PreparedUpload> {
    const vips = await vipsModule();
    const prepared = await withHandles(vips, () => prepareUpload(vips, new Uint8Array(input), steps, limits, metadata));
    return prepared.result ? Comlink.transfer(prepared, [prepared.result.data.buffer as ArrayBuffer]) : prepared;
  },

  /** Milliseconds this device takes for the calibration workload (converters/engine/calibration.ts). */
  async calibrate(): Promise<number> {
    const vips = await vipsModule();
    return withHandles(vips, () => calibrationMs(vips, () => performance.now()));
  },

  /**
   * One heavy converter (DeepDream) on the device. Its code and engine load on the first call
   * only. Cancelled by the bridge terminating this worker, so its signal never fires here.
   */
  async processHeavy(input: ArrayBuffer, request: PipelineRequest, hooks: HeavyHooks): Promise<PipelineResult> {
    const [vips, { runDeviceConversion }] = await Promise.all([vipsModule(), import("../../converters/engine/device-pipeline")]);
    // `hooks` is a Comlink proxy: its methods exist only as calls, so they are wrapped one by one.
    const context = {
      signal: new AbortController().signal,
      onProgress: (progress: number) => void hooks.onProgress(progress),
      onDownload: (loaded: number, total: number) => void hooks.onDownload(loaded, total),
      onBackend: (backend: string) => void hooks.onBackend(backend),
    };
    // Asynchronous, so its images are freed when it ends; the bridge runs one call at a time.
    const result = await withHandles(vips, () => runDeviceConversion(vips, new Uint8Array(input), request, DEFAULT_MAX_PIXELS, context));
    return Comlink.transfer(result, [result.data.buffer as ArrayBuffer]);
  },
};

export type VipsWorkerApi = typeof api;
Comlink.expose(api);
