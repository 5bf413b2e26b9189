import { join } from "node:path";
import { Piscina } from "piscina";
import type { ConvertOutcome, ConvertTask } from "./convert-thread";
import { type ConvertFn, JobFailure } from "./runner";

// Damage only a full decode finds ends the job with the status the upload check would give.
const STATUS: Record<string, { status: number; title: string }> = {
  "unsupported-type": { status: 415, title: "Unsupported media type" },
  undecodable: { status: 422, title: "Undecodable image" },
  "too-many-pixels": { status: 422, title: "Too many pixels" },
  "unknown-converter": { status: 400, title: "Unknown converter" },
  "invalid-params": { status: 400, title: "Invalid params" },
  failed: { status: 500, title: "Conversion failed" },
};

/** Pixel converters in a pool of worker threads, one conversion per thread at a time. */
export function threadedConvert(threads: number, maxPixels: number): { convert: ConvertFn; close: () => Promise<void> } {
  const pool = new Piscina<ConvertTask, ConvertOutcome>({
    filename: join(process.cwd(), ".build", "convert-thread.mjs"),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  const convert: ConvertFn = async (job, input, signal, onProgress) => {
    onProgress(0.05);
    const request = { steps: [{ converter: job.converter, params: job.params }], format: job.format, quality: job.quality };
    // Aborting terminates the thread: a cancelled pixel job stops at once.
    const out = await pool.run({ input, request, maxPixels }, { signal });
    if (!out.ok) {
      const known = STATUS[out.code] ?? STATUS.failed!;
      throw new JobFailure({ ...known, detail: out.message });
    }
    onProgress(1);
    return { data: out.data, mime: out.mime };
  };
  return { convert, close: () => pool.destroy() };
}
