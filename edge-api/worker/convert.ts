import { join } from "node:path";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { deadlineSeconds, formatSeconds } from "../../converters/engine/plan";
import { hasHeavyStep } from "../../converters/engine/pipeline";
import { unpackJobFiles } from "../../converters/engine/job-files";
import { THUMBNAIL_SIZE } from "../../converters/engine/thumbnail";
import { type ExportOutcome, jobSteps, savesToGallery } from "../jobs/types";
import type { ConvertOutcome, ConvertTask, Retiring, ThumbnailTask } from "./convert-thread";
import { type ConvertFn, JobFailure } from "./runner";
import { ThreadHealth } from "./thread-health";

// Damage only a full decode finds ends the job with the status the upload check would give.
const STATUS: Record<string, { status: number; title: string }> = {
  "unsupported-type": { status: 415, title: "Unsupported media type" },
  undecodable: { status: 422, title: "Undecodable image" },
  "too-many-pixels": { status: 422, title: "Too many pixels" },
  "too-much-memory": { status: 422, title: "Too large" },
  // The job's own size broke its thread: the words say what to lower.
  "out-of-memory": { status: 422, title: "Too large" },
  "output-too-large": { status: 422, title: "Result too large" },
  "result-too-large": { status: 422, title: "Result too large" },
  "too-costly": { status: 422, title: "Too costly" },
  "unknown-converter": { status: 400, title: "Unknown converter" },
  "invalid-params": { status: 400, title: "Invalid params" },
  crashed: { status: 500, title: "Conversion failed" },
  failed: { status: 500, title: "Conversion failed" },
};

/** A heavy job that ignores its cancel this long is stopped by ending its thread. */
const CANCEL_GRACE_MS = 10_000;

export interface ConvertLimits {
  maxPixels: number;
  maxOutputPixels: number;
  maxResultBytes: number;
  /** Bytes a job may hold at its peak (MAX_JOB_BYTES). */
  maxJobBytes: number;
  /** Threads an ML runtime may use for one job: the CPU limit over the worker's slots. */
  mlThreads?: number;
  /** A thread whose heap is over this after a task is replaced (default: vips-runtime.ts' RETIRE_HEAP_BYTES). */
  retireHeapBytes?: number;
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
 * a fresh thread for the next job. So does a thread whose runtime failed or whose heap grew past
 * its bound (convert-thread.ts): the job that broke it fails, and no other job sees the damage.
 */
export interface ThreadedConvert {
  convert: ConvertFn;
  /** A gallery thumbnail, under its own deadline; a damaged image fails as the job would (422 and its words). */
  thumbnail: (input: Uint8Array, options?: { seconds?: number }) => Promise<{ data: Uint8Array; mime: string }>;
  /** Whether the threads can convert: false after repeated runtime failures with no success between. */
  health: ThreadHealth;
  close: () => Promise<void>;
}


type Task = Omit<ConvertTask, "port"> | Omit<ThumbnailTask, "port">;

export interface PoolOptions {
  /** Tasks that may wait for a thread; more are refused with 503 (unset: no bound, as the job queue bounds jobs). */
  maxQueue?: number;
  /** A thread idle this long ends, and its heap with it (default 60 s). */
  idleMs?: number;
}

export function threadedConvert(threads: number, limits: ConvertLimits, cacheDir: string, filename = join(process.cwd(), ".build", "convert-thread.mjs"), { maxQueue, idleMs = 60_000 }: PoolOptions = {}): ThreadedConvert {
  const { maxPixels } = limits;
  const pool = new Piscina<ConvertTask | ThumbnailTask, ConvertOutcome>({ filename, minThreads: 0, maxThreads: threads, idleTimeout: idleMs, ...(maxQueue !== undefined && { maxQueue }) });
  const health = new ThreadHealth();

  /**
   * One task on a thread, with a port for its progress and, if the thread retires, its outcome.
   * `stop` ends the thread (a cancel, a deadline); `cancel` only asks a heavy job to stop.
   */
  async function runTask(task: Task, options: { stop: AbortSignal; cancel?: AbortSignal; onProgress?: (p: number) => void; name?: string }): Promise<ConvertOutcome> {
    const { port1, port2 } = new MessageChannel();
    const retired = new AbortController();
    let handedOver: Retiring | undefined;
    port1.on("message", (message: number | Retiring) => {
      if (typeof message === "number") options.onProgress?.(message);
      else {
        handedOver = message;
        retired.abort();
      }
    });
    let grace: ReturnType<typeof setTimeout> | undefined;
    const stopLate = new AbortController();
    const askToStop = () => {
      port1.postMessage("abort");
      grace = setTimeout(() => stopLate.abort(), CANCEL_GRACE_MS);
    };
    options.cancel?.addEventListener("abort", askToStop, { once: true });
    try {
      const out = await pool.run({ ...task, port: port2 } as ConvertTask, {
        transferList: [port2],
        signal: AbortSignal.any([options.stop, retired.signal, stopLate.signal]),
        ...(options.name && { name: options.name }),
      });
      health.succeeded();
      return out;
    } catch (error) {
      if (handedOver) {
        console.warn(`convert: a conversion thread was replaced (${handedOver.reason})`);
        if (handedOver.outcome.ok || handedOver.outcome.code !== "crashed") health.succeeded();
        else health.failed(handedOver.reason);
        return handedOver.outcome;
      }
      if (options.stop.aborted || stopLate.signal.aborted) throw error;
      if (/queue is at limit/i.test(String(error))) {
        throw new JobFailure({ status: 503, title: "Busy", detail: "Too many images are being prepared at once; try again in a moment." });
      }
      // The thread itself died (an uncaught error in it or in one of its own threads).
      health.failed(error instanceof Error ? error.message : String(error));
      return { ok: false, code: "crashed", message: "The converter stopped unexpectedly on this image and was restarted; the job was not finished. Try again, or with a smaller image or fewer steps." };
    } finally {
      options.cancel?.removeEventListener("abort", askToStop);
      clearTimeout(grace);
      port1.close();
    }
  }

  /** Runs a task under a deadline; past it, the thread is ended and the caller gets a 504. */
  async function withDeadline<T>(seconds: number, what: string, run: (stop: AbortSignal) => Promise<T>): Promise<T> {
    const terminate = new AbortController();
    const deadline = setTimeout(() => terminate.abort("deadline"), seconds * 1000);
    try {
      return await run(terminate.signal);
    } catch (error) {
      if (terminate.signal.reason === "deadline") {
        throw new JobFailure({ status: 504, title: "Timed out", detail: `${what} ran past its time limit of ${formatSeconds(seconds)} and was stopped.` });
      }
      throw error;
    } finally {
      clearTimeout(deadline);
    }
  }

  const convert: ConvertFn = async (job, stored, signal, onProgress) => {
    // The image and any files its steps read besides (a style photo), as the API stored them.
    const { image: input, attachments } = unpackJobFiles(stored);
    const request = { steps: jobSteps(job), format: job.format, quality: job.quality, metadata: job.metadata, encoder: job.encoder, targetBytes: job.targetBytes, ...(attachments && { attachments }) };
    // A signed-in user's edit saved to the gallery: its thumbnail is made with the result.
    const thumbnail = savesToGallery(job) ? { size: THUMBNAIL_SIZE } : undefined;
    const task = { input, request, ...limits, cacheDir, ...(thumbnail && { thumbnail }) };
    // The deadline was set at submission from the job's estimated cost (converters/engine/plan.ts).
    const limitSeconds = job.deadlineSeconds ?? deadlineSeconds(job.workSeconds ?? 0);
    const out = await withDeadline(limitSeconds, "The conversion", (stop) =>
      hasHeavyStep(request.steps)
        ? // A heavy job is asked to stop at its next step, so its thread and loaded model survive.
          runTask(task, { stop, cancel: signal, onProgress })
        : // Aborting terminates the thread: a cancelled pixel job stops at once.
          runTask(task, { stop: AbortSignal.any([signal, stop]), onProgress }),
    ).catch((error: unknown) => {
      if (signal.aborted) throw signal.reason;
      throw error;
    });
    if (!out.ok && signal.aborted) throw signal.reason;
    const result = settled(out);
    onProgress(1);
    return result;
  };
  // Results have their own, larger limit: an upscale may be bigger than any upload may be.
  const resultPixels = Math.max(maxPixels, limits.maxOutputPixels);
  const thumbnail: ThreadedConvert["thumbnail"] = async (input, { seconds = 2 } = {}) =>
    settled(await withDeadline(deadlineSeconds(seconds), "Making the thumbnail", (stop) => runTask({ input, size: THUMBNAIL_SIZE, maxPixels: resultPixels, retireHeapBytes: limits.retireHeapBytes }, { stop, name: "thumbnail" })));
  return { convert, thumbnail, health, close: () => pool.destroy() };
}

function settled(out: ConvertOutcome): { data: Uint8Array; mime: string; exported?: ExportOutcome; thumb?: { data: Uint8Array; mime: string } } {
  if (out.ok) {
    const exported = out.quality !== undefined ? { quality: out.quality, ...(out.fits !== undefined && { targetMet: out.fits }) } : undefined;
    return { data: out.data, mime: out.mime, ...(exported && { exported }), ...(out.thumb && { thumb: out.thumb }) };
  }
  const known = STATUS[out.code] ?? STATUS.failed!;
  throw new JobFailure({ ...known, detail: out.message });
}
