import * as Comlink from "comlink";
import type { PipelineRequest, PipelineResult } from "../../converters/pipeline";
import { WorkerBridge } from "./bridge";
import type { VipsWorkerApi } from "./vips.worker";

let bridge: WorkerBridge<VipsWorkerApi> | undefined;

function getBridge(): WorkerBridge<VipsWorkerApi> {
  bridge ??= new WorkerBridge<VipsWorkerApi>(
    () => new Worker(new URL("./vips.worker.ts", import.meta.url), { type: "module", name: "vips" }),
  );
  return bridge;
}

/** Runs a pipeline on the device. The input buffer is transferred: pass a copy you can spare. */
export function processOnDevice(input: ArrayBuffer, request: PipelineRequest, signal?: AbortSignal): Promise<PipelineResult> {
  return getBridge().call((remote) => remote.process(Comlink.transfer(input, [input]), request), signal);
}
