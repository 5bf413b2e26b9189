// Runs in a worker_thread (piscina): wasm-vips and onnxruntime block while they work, and the
// event loop must stay free for heartbeats and HTTP. Bundled by scripts/build-worker.mjs.
import type { MessagePort } from "node:worker_threads";
import Vips from "wasm-vips";
import { asConversionError } from "../../converters/errors";
import { runPipeline, type PipelineRequest } from "../../converters/pipeline";
import { hasHeavyStep } from "../../converters/heavy-pipeline";
import { runServerConversion } from "../../converters/server-pipeline";
import { makeThumbnail } from "../../converters/thumbnail";
import type { VipsModule } from "../../converters/types";
import { queueHandles, withHandles } from "../../converters/vips-handles";

let vips: Promise<VipsModule> | undefined;

export interface ConvertTask {
  input: Uint8Array;
  request: PipelineRequest;
  maxPixels: number;
  maxOutputPixels: number;
  /** An encoded result larger than this is refused rather than handed back and kept. */
  maxResultBytes: number;
  cacheDir: string;
  /** Threads an ML runtime may use for this job (ServerContext.threads). */
  mlThreads?: number;
  /** For heavy converters: progress goes out as numbers, and "abort" comes in. */
  port?: MessagePort;
}

export type ConvertOutcome =
  | { ok: true; data: Uint8Array; mime: string; quality?: number; fits?: boolean }
  | { ok: false; code: string; message: string };

function loadVips(): Promise<VipsModule> {
  vips ??= Vips({ dynamicLibraries: ["vips-heif.wasm"] }).then((v) => {
    // One thread per conversion: the pool runs WORKER_CONCURRENCY of them side by side.
    v.concurrency(1);
    return queueHandles(v);
  });
  return vips;
}

export interface ThumbnailTask {
  input: Uint8Array;
  size: number;
  maxPixels: number;
}

export async function thumbnail(task: ThumbnailTask): Promise<ConvertOutcome> {
  try {
    const vips = await loadVips();
    const out = await withHandles(vips, () => makeThumbnail(vips, task.input, task.size, task.maxPixels));
    return { ok: true, data: out.data, mime: out.mime };
  } catch (error) {
    const e = asConversionError(error);
    return { ok: false, code: e.code, message: e.message };
  }
}

export default async function convert(task: ConvertTask): Promise<ConvertOutcome> {
  const controller = new AbortController();
  task.port?.on("message", (message) => message === "abort" && controller.abort(new Error("aborted")));
  try {
    const vips = await loadVips();
    // Piscina gives a thread one task at a time, so no other task's images are freed here.
    const out = await withHandles(vips, () =>
      hasHeavyStep(task.request.steps)
        ? runServerConversion(vips, task.input, task.request, task.maxPixels, {
            signal: controller.signal,
            cacheDir: task.cacheDir,
            threads: task.mlThreads,
            onProgress: (progress) => task.port?.postMessage(progress),
          }, task.maxOutputPixels)
        : runPipeline(vips, task.input, task.request, task.maxPixels, task.maxOutputPixels),
    );
    if (out.data.byteLength > task.maxResultBytes) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      return { ok: false, code: "result-too-large", message: `The result is ${mb(out.data.byteLength)}; the limit is ${mb(task.maxResultBytes)}. Choose a smaller size, a lower quality or another format.` };
    }
    return { ok: true, data: out.data, mime: out.mime, quality: out.quality, ...(out.fits !== undefined && { fits: out.fits }) };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, code: "cancelled", message: "Cancelled." };
    // Class identity does not cross the thread boundary; the code does.
    const e = asConversionError(error);
    return { ok: false, code: e.code, message: e.message };
  } finally {
    task.port?.close();
  }
}
