// Runs in a worker_thread (piscina): wasm-vips blocks while it converts, and the event loop
// must stay free for heartbeats and HTTP. Bundled by scripts/build-worker.mjs.
import Vips from "wasm-vips";
import { asConversionError } from "../../converters/errors";
import { runPipeline, type PipelineRequest } from "../../converters/pipeline";
import type { VipsModule } from "../../converters/types";

let vips: Promise<VipsModule> | undefined;

export interface ConvertTask {
  input: Uint8Array;
  request: PipelineRequest;
  maxPixels: number;
}

export type ConvertOutcome =
  | { ok: true; data: Uint8Array; mime: string }
  | { ok: false; code: string; message: string };

export default async function convert(task: ConvertTask): Promise<ConvertOutcome> {
  vips ??= Vips({ dynamicLibraries: ["vips-heif.wasm"] }).then((v) => {
    // One thread per conversion: the pool runs WORKER_CONCURRENCY of them side by side.
    v.concurrency(1);
    return v;
  });
  try {
    const out = runPipeline(await vips, task.input, task.request, task.maxPixels);
    return { ok: true, data: out.data, mime: out.mime };
  } catch (error) {
    // Class identity does not cross the thread boundary; the code does.
    const e = asConversionError(error);
    return { ok: false, code: e.code, message: e.message };
  }
}
