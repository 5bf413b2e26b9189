import * as Comlink from "comlink";
import type { PipelineRequest, PipelineResult, Step } from "../../converters/engine/pipeline";
import type { FileFacts } from "../../converters/engine/file-metadata";
import type { OpenedPhoto, PreviewResult } from "../../converters/engine/photo-session";
import type { MetadataMode } from "../../converters/engine/encoder-options";
import type { UploadLimits } from "../../converters/engine/input-need";
import type { PreparedUpload } from "../../converters/engine/upload-fit";
import { WorkerBridge } from "./bridge";
import type { HeavyHooks, VipsWorkerApi } from "./vips.worker";

let bridge: WorkerBridge<VipsWorkerApi> | undefined;
/** Which worker is running: a new one each time the bridge starts one (after an abort or an idle end). */
let generation = 0;
/** Heavy converters, by the worker that last ran them: it has their engine, graph and sessions ready. */
const heavyRanIn = new Map<string, number>();

function getBridge(): WorkerBridge<VipsWorkerApi> {
  bridge ??= new WorkerBridge<VipsWorkerApi>(
    // Built by scripts/build-worker.mjs; see there for why it is not a Turbopack worker.
    () => {
      generation++;
      return new Worker("/workers/vips.worker.js", { type: "module", name: "vips" });
    },
    // The editor's decoded photo lives in the worker: kept for a while between edits.
    { idleMs: 120_000 },
  );
  return bridge;
}

/** Runs a pipeline on the device. The input buffer is transferred: pass a copy you can spare. */
export function processOnDevice(input: ArrayBuffer, request: PipelineRequest, signal?: AbortSignal): Promise<PipelineResult> {
  return getBridge().call((remote) => remote.process(Comlink.transfer(input, [input]), request), signal);
}

/** What Download may give of the file as it is (its header only is read). The page keeps its bytes: a copy goes. */
export function inspectFileOnDevice(bytes: ArrayBuffer, signal?: AbortSignal): Promise<FileFacts> {
  const copy = bytes.slice(0);
  return getBridge().call((remote) => remote.inspectFile(Comlink.transfer(copy, [copy])), signal, { keep: true });
}

/** The gallery's thumbnail of a result, made on the device. The buffer is transferred. */
export function thumbnailOnDevice(input: ArrayBuffer, signal?: AbortSignal): Promise<PipelineResult> {
  return getBridge().call((remote) => remote.thumbnail(Comlink.transfer(input, [input])), signal);
}

/**
 * Runs one heavy converter (DeepDream) on the device, with progress and the first-time engine
 * download reported through `hooks`. Aborting terminates the worker, which stops it at once.
 */
export async function processHeavyOnDevice(input: ArrayBuffer, request: PipelineRequest, hooks: HeavyHooks, signal?: AbortSignal): Promise<PipelineResult> {
  const result = await getBridge().call((remote) => remote.processHeavy(Comlink.transfer(input, [input]), request, Comlink.proxy(hooks)), signal);
  for (const step of request.steps) heavyRanIn.set(step.converter, generation);
  return result;
}

/** "warm" when the running worker has run this heavy converter already: its next run skips the engine's start. */
export function heavyStart(converter: string): "cold" | "warm" {
  return bridge?.running && heavyRanIn.get(converter) === generation ? "warm" : "cold";
}

/** The photo the worker holds, so edits skip decoding: opened again if the worker was ended. */
export interface PhotoHandle {
  id: string;
  bytes: ArrayBuffer;
}

let opened: { id: string; result: Promise<OpenedPhoto> } | undefined;

/** Decodes the photo in the worker and keeps it there; its size, or why it cannot be opened. */
export function openPhoto(photo: PhotoHandle, signal?: AbortSignal): Promise<OpenedPhoto> {
  if (opened?.id === photo.id && getBridge().running) return opened.result;
  const copy = photo.bytes.slice(0);
  const result = getBridge().call((remote) => remote.openPhoto(photo.id, Comlink.transfer(copy, [copy])), signal, { keep: true });
  opened = { id: photo.id, result };
  result.catch(() => {
    if (opened?.result === result) opened = undefined;
  });
  return result;
}

async function onOpenPhoto<R>(photo: PhotoHandle, run: () => Promise<R>, signal?: AbortSignal): Promise<R> {
  await openPhoto(photo, signal);
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Error && error.message.includes("photo-not-open"))) throw error;
    opened = undefined;
    await openPhoto(photo, signal);
    return run();
  }
}

/** The steps on a screen-sized copy of the photo, as RGBA: a preview in tens of milliseconds. */
export function previewPhoto(photo: PhotoHandle, steps: Step[], maxSide: number, signal?: AbortSignal): Promise<PreviewResult> {
  return onOpenPhoto(photo, () => getBridge().call((remote) => remote.previewPhoto(photo.id, steps, maxSide), signal, { keep: true }), signal);
}

/** The steps on the full photo, encoded. Aborting lets it finish in the worker, so the photo stays decoded. */
export function renderPhoto(photo: PhotoHandle, request: PipelineRequest, signal?: AbortSignal): Promise<PipelineResult> {
  return onOpenPhoto(photo, () => getBridge().call((remote) => remote.renderPhoto(photo.id, request), signal, { keep: true }), signal);
}

/** The photo for a server job, shrunk to what its steps use and encoded within the server's limits (converters/engine/upload-fit.ts). */
export function prepareUploadOnDevice(input: ArrayBuffer, steps: Step[], limits: UploadLimits, metadata: MetadataMode, signal?: AbortSignal): Promise<PreparedUpload> {
  return getBridge().call((remote) => remote.prepareUpload(Comlink.transfer(input, [input]), steps, limits, metadata), signal);
}

/** This device's time for the calibration workload (converters/engine/calibration.ts), in ms. */
export function calibrateDevice(signal?: AbortSignal): Promise<number> {
  return getBridge().call((remote) => remote.calibrate(), signal);
}
