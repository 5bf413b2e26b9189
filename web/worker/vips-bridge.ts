import * as Comlink from "comlink";
import type { PipelineRequest, PipelineResult } from "../../converters/pipeline";
import { WorkerBridge } from "./bridge";
import type { HeavyHooks, VipsWorkerApi } from "./vips.worker";

let bridge: WorkerBridge<VipsWorkerApi> | undefined;

function getBridge(): WorkerBridge<VipsWorkerApi> {
  bridge ??= new WorkerBridge<VipsWorkerApi>(
    // Built by scripts/build-worker.mjs; see there for why it is not a Turbopack worker.
    () => new Worker("/workers/vips.worker.js", { type: "module", name: "vips" }),
  );
  return bridge;
}

/** Runs a pipeline on the device. The input buffer is transferred: pass a copy you can spare. */
export function processOnDevice(input: ArrayBuffer, request: PipelineRequest, signal?: AbortSignal): Promise<PipelineResult> {
  return getBridge().call((remote) => remote.process(Comlink.transfer(input, [input]), request), signal);
}

/**
 * Runs one heavy converter (DeepDream) on the device, with progress and the first-time engine
 * download reported through `hooks`. Aborting terminates the worker, which stops it at once.
 */
export function processHeavyOnDevice(input: ArrayBuffer, request: PipelineRequest, hooks: HeavyHooks, signal?: AbortSignal): Promise<PipelineResult> {
  return getBridge().call((remote) => remote.processHeavy(Comlink.transfer(input, [input]), request, Comlink.proxy(hooks)), signal);
}
