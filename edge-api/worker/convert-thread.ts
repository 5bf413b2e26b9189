// Runs in a worker_thread (piscina): wasm-vips and onnxruntime block while they work, and the
// event loop must stay free for heartbeats and HTTP. Bundled by scripts/build-worker.mjs.
import type { MessagePort } from "node:worker_threads";
import { asConversionError, type ConversionErrorCode, outOfMemory } from "../../converters/engine/errors";
import { runPipeline, type PipelineRequest } from "../../converters/engine/pipeline";
import { hasHeavyStep } from "../../converters/engine/pipeline";
import { runServerConversion } from "../../converters/engine/server-pipeline";
import { makeThumbnail } from "../../converters/engine/thumbnail";
import { withHandles } from "../../converters/engine/vips-handles";
import { isRuntimeFailure, loadVips, retireReason } from "./vips-runtime";

export interface ConvertTask {
  input: Uint8Array;
  request: PipelineRequest;
  maxPixels: number;
  maxOutputPixels: number;
  /** An encoded result larger than this is refused rather than handed back and kept. */
  maxResultBytes: number;
  /** Bytes the job may hold at its peak, planned again from libvips' reading of the header. */
  maxJobBytes: number;
  /** The heap past which this thread is retired after the task (its pool's memory bound). */
  retireHeapBytes?: number;
  /** Also make the gallery's thumbnail of the result (a signed-in user's job), within this task and its deadline. */
  thumbnail?: { size: number };
  cacheDir: string;
  /** Threads an ML runtime may use for this job (ServerContext.threads). */
  mlThreads?: number;
  /** Progress goes out as numbers and "abort" comes in; a retiring thread sends its outcome here. */
  port: MessagePort;
}

export interface ThumbnailTask {
  input: Uint8Array;
  size: number;
  maxPixels: number;
  retireHeapBytes?: number;
  port: MessagePort;
}

export type ConvertOutcome =
  | { ok: true; data: Uint8Array; mime: string; quality?: number; fits?: boolean; thumb?: { data: Uint8Array; mime: string } }
  | { ok: false; code: ConversionErrorCode | "cancelled" | "crashed"; message: string };

/** What a thread sends on its port instead of returning, when it must not take another task. */
export interface Retiring {
  outcome: ConvertOutcome;
  reason: string;
}

// Refusals decided before or outside the runtime's own work: the thread is as good as before.
const INPUT_FAULTS = new Set<string>(["unsupported-type", "undecodable", "too-many-pixels", "too-much-memory", "output-too-large", "result-too-large", "too-costly", "unknown-converter", "invalid-params", "cancelled"]);

/**
 * The outcome of a task, and whether this thread is finished. A thread whose runtime failed, or
 * whose heap grew past its bound, hands its outcome over the port and never returns: the pool
 * then ends it (aborting the task terminates its thread), so no later job runs on a broken or
 * bloated heap, and nothing can be given to it between this task and its end.
 */
async function settle(port: MessagePort, retireHeapBytes: number | undefined, work: () => Promise<ConvertOutcome>): Promise<ConvertOutcome> {
  let outcome: ConvertOutcome;
  let failure: string | undefined;
  try {
    outcome = await work();
  } catch (error) {
    // The converters' words name the device; here the memory that ran out is the server's.
    const converted = asConversionError(error, "server");
    const e = converted.code === "out-of-memory" ? outOfMemory("server") : converted;
    if (isRuntimeFailure(error) && e.code !== "out-of-memory") {
      outcome = { ok: false, code: "crashed", message: "The converter stopped with an internal error on this image and was restarted; the job was not finished. Try again, or with a smaller image or fewer steps." };
    } else {
      // Class identity does not cross the thread boundary; the code does.
      outcome = { ok: false, code: e.code, message: e.message };
    }
    if (!INPUT_FAULTS.has(outcome.code)) failure = `${outcome.code}: ${outcome.ok ? "" : outcome.message}`;
  }
  const reason = failure ?? retireReason(retireHeapBytes);
  if (reason === undefined) return outcome;
  port.postMessage({ outcome, reason } satisfies Retiring);
  return new Promise<never>(() => {});
}

export async function thumbnail(task: ThumbnailTask): Promise<ConvertOutcome> {
  const outcome = await settle(task.port, task.retireHeapBytes, async () => {
    const vips = await loadVips();
    const out = await withHandles(vips, () => makeThumbnail(vips, task.input, task.size, task.maxPixels));
    return { ok: true, data: out.data, mime: out.mime };
  });
  task.port.close();
  return outcome;
}

export default async function convert(task: ConvertTask): Promise<ConvertOutcome> {
  const controller = new AbortController();
  task.port.on("message", (message) => message === "abort" && controller.abort(new Error("aborted")));
  const outcome = await settle(task.port, task.retireHeapBytes, async () => {
    const vips = await loadVips();
    try {
      // Piscina gives a thread one task at a time, so no other task's images are freed here.
      const out = await withHandles(vips, () =>
        hasHeavyStep(task.request.steps)
          ? runServerConversion(vips, task.input, task.request, task.maxPixels, {
              signal: controller.signal,
              cacheDir: task.cacheDir,
              threads: task.mlThreads,
              onProgress: (progress) => task.port.postMessage(progress),
            }, task.maxOutputPixels, task.maxJobBytes)
          : runPipeline(vips, task.input, task.request, task.maxPixels, task.maxOutputPixels, task.maxJobBytes),
      );
      if (out.data.byteLength > task.maxResultBytes) {
        const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
        return { ok: false, code: "result-too-large", message: `The result is ${mb(out.data.byteLength)}; the limit is ${mb(task.maxResultBytes)}. Choose a smaller size, a lower quality or another format.` };
      }
      // The thumbnail is made here, by the thread that made the result, under the same deadline.
      const thumb = task.thumbnail && (await withHandles(vips, () => makeThumbnail(vips, out.data, task.thumbnail!.size, task.maxOutputPixels)));
      return { ok: true, data: out.data, mime: out.mime, quality: out.quality, ...(out.fits !== undefined && { fits: out.fits }), ...(thumb && { thumb: { data: thumb.data, mime: thumb.mime } }) };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, code: "cancelled", message: "Cancelled." };
      throw error;
    }
  });
  task.port.close();
  return outcome;
}
