import * as Comlink from "comlink";
import type { PipelineRequest, PipelineResult } from "../../converters/pipeline";
import { WorkerBridge } from "./bridge";
import type { VipsWorkerApi } from "./vips.worker";

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
