import { join } from "node:path";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { deadlineSeconds, formatSeconds } from "../../converters/plan";
import { hasHeavyStep } from "../../converters/heavy-pipeline";
import { type ExportOutcome, jobSteps } from "../jobs/types";
import type { ConvertOutcome, ConvertTask, ThumbnailTask } from "./convert-thread";
import { type ConvertFn, JobFailure } from "./runner";

// Damage only a full decode finds ends the job with the status the upload check would give.
const STATUS: Record<string, { status: number; title: string }> = {
  "unsupported-type": { status: 415, title: "Unsupported media type" },
  undecodable: { status: 422, title: "Undecodable image" },
  "too-many-pixels": { status: 422, title: "Too many pixels" },
  "output-too-large": { status: 422, title: "Result too large" },
  "result-too-large": { status: 422, title: "Result too large" },
  "too-costly": { status: 422, title: "Too costly" },
  "unknown-converter": { status: 400, title: "Unknown converter" },
  "invalid-params": { status: 400, title: "Invalid params" },
  failed: { status: 500, title: "Conversion failed" },
};

/** A heavy job that ignores its cancel this long is stopped by ending its thread. */
const CANCEL_GRACE_MS = 10_000;

export interface ConvertLimits {
  maxPixels: number;
  maxOutputPixels: number;
  maxResultBytes: number;
  /** Threads an ML runtime may use for one job: the CPU limit over the worker's slots. */
  mlThreads?: number;
}

// onnxruntime's telemetry would try to persist a device id (on a read-only root filesystem it
// logs a failure) and to upload over HTTPS. Set here, in the main thread, before any pool
// thread loads the runtime: the native library reads the process environment.
process.env.ORT_DISABLE_TELEMETRY ??= "1";

/**
 * Converters in a pool of worker threads, one conversion per thread at a time. Pixel jobs are
 * cancelled by ending their thread (they take a second); heavy ones are asked to stop at their
 * next step, so the thread and its loaded model survive for the next job. A job that runs past
 * its deadline has its thread ended either way: that frees all its memory, and the pool starts
 * a fresh thread for the next job.
 */
export interface ThreadedConvert {
  convert: ConvertFn;
  /** A gallery thumbnail; a damaged image fails as the job would (422 and its words). */
  thumbnail: (input: Uint8Array) => Promise<{ data: Uint8Array; mime: string }>;
  close: () => Promise<void>;
}

export const THUMBNAIL_SIZE = 320;

export function threadedConvert(threads: number, limits: ConvertLimits, cacheDir: string, filename = join(process.cwd(), ".build", "convert-thread.mjs")): ThreadedConvert {
  const { maxPixels } = limits;
  const pool = new Piscina<ConvertTask | ThumbnailTask, ConvertOutcome>({ filename, minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
  const convert: ConvertFn = async (job, input, signal, onProgress) => {
    const request = { steps: jobSteps(job), format: job.format, quality: job.quality, metadata: job.metadata, encoder: job.encoder, targetBytes: job.targetBytes };
    const task: ConvertTask = { input, request, ...limits, cacheDir };
    const terminate = new AbortController();
    // The deadline was set at submission from the job's estimated cost (converters/plan.ts).
    const limitSeconds = job.deadlineSeconds ?? deadlineSeconds(job.workSeconds ?? 0);
    const deadline = setTimeout(() => terminate.abort("deadline"), limitSeconds * 1000);
    let out: ConvertOutcome;
    try {
      if (hasHeavyStep(request.steps)) {
        const { port1, port2 } = new MessageChannel();
        port1.on("message", (p: number) => onProgress(p));
        let grace: ReturnType<typeof setTimeout> | undefined;
        const stop = () => {
          port1.postMessage("abort");
          grace = setTimeout(() => terminate.abort(), CANCEL_GRACE_MS);
        };
        signal.addEventListener("abort", stop, { once: true });
        try {
          out = await pool.run({ ...task, port: port2 }, { transferList: [port2], signal: terminate.signal });
        } finally {
          signal.removeEventListener("abort", stop);
          clearTimeout(grace);
          port1.close();
        }
      } else {
        // Aborting terminates the thread: a cancelled pixel job stops at once.
        const either = AbortSignal.any([signal, terminate.signal]);
        out = await pool.run(task, { signal: either });
      }
    } catch (error) {
      if (terminate.signal.reason === "deadline") {
        throw new JobFailure({ status: 504, title: "Timed out", detail: `The conversion ran past its time limit of ${formatSeconds(limitSeconds)} and was stopped.` });
      }
      throw error;
    } finally {
      clearTimeout(deadline);
    }
    if (!out.ok && signal.aborted) throw signal.reason;
    const result = settled(out);
    onProgress(1);
    return result;
  };
  // Results have their own, larger limit: an upscale may be bigger than any upload may be.
  const resultPixels = Math.max(maxPixels, limits.maxOutputPixels);
  const thumbnail = async (input: Uint8Array) => settled(await pool.run({ input, size: THUMBNAIL_SIZE, maxPixels: resultPixels }, { name: "thumbnail" }));
  return { convert, thumbnail, close: () => pool.destroy() };
}

function settled(out: ConvertOutcome): { data: Uint8Array; mime: string; exported?: ExportOutcome } {
  if (out.ok) return { data: out.data, mime: out.mime, ...(out.quality !== undefined && { exported: { quality: out.quality, ...(out.fits !== undefined && { targetMet: out.fits }) } }) };
  const known = STATUS[out.code] ?? STATUS.failed!;
  throw new JobFailure({ ...known, detail: out.message });
}
