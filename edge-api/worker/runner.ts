import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { CompletionExtra, JobProblem, JobQueue, JobRecord } from "../jobs/types";
import type { Metrics } from "../metrics";

export interface ConvertFn {
  (job: JobRecord, input: Uint8Array, signal: AbortSignal, onProgress: (p: number) => void): Promise<{ data: Uint8Array; mime: string }>;
}

/** A failure with the status and words a client should see. */
export class JobFailure extends Error {
  constructor(readonly problem: JobProblem) {
    super(problem.detail);
  }
}

export interface RunnerOptions {
  queue: JobQueue;
  convert: ConvertFn;
  concurrency: number;
  /** How often a running job renews its lease; well under the lease. */
  heartbeatMs: number;
  /** How long an idle slot waits before asking the queue again. */
  pollMs?: number;
  /** How often this process requeues jobs whose worker died. */
  reapMs?: number;
  workerId?: string;
  /** After a conversion, before the job completes (and while it still heartbeats): the gallery save. */
  onConverted?: (job: JobRecord, input: Uint8Array, out: { data: Uint8Array; mime: string }) => Promise<CompletionExtra>;
  metrics?: Pick<Metrics, "jobs" | "jobDuration" | "busy">;
}

/**
 * The worker role: `concurrency` slots, each claiming a job, converting it while heartbeating,
 * and reporting the outcome. A heartbeat answered "cancelled" or "lost" aborts the conversion.
 */
export class JobRunner {
  readonly workerId: string;
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private reaper?: ReturnType<typeof setInterval>;

  constructor(private readonly options: RunnerOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  }

  start(): this {
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
    this.reaper = setInterval(() => void this.options.queue.reap().catch(() => {}), this.options.reapMs ?? 1000);
    this.reaper.unref();
    return this;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.reaper);
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let claimed;
      try {
        claimed = await this.options.queue.claim(this.workerId);
      } catch {
        claimed = undefined; // the store is unreachable; try again after a pause
      }
      if (!claimed) {
        await new Promise((r) => setTimeout(r, this.options.pollMs ?? 100));
        continue;
      }
      await this.run(claimed.record, claimed.input);
    }
  }

  private async run(job: JobRecord, input: Uint8Array): Promise<void> {
    const { queue } = this.options;
    const controller = new AbortController();
    let progress = 0;
    const started = performance.now();
    let outcome = "cancelled";
    const beat = setInterval(() => {
      queue
        .heartbeat(job.id, this.workerId, progress)
        .then((answer) => answer !== "ok" && controller.abort(answer))
        .catch(() => {}); // a missed beat is survivable; the lease is several beats long
    }, this.options.heartbeatMs);
    try {
      const out = await this.options.convert(job, input, controller.signal, (p) => (progress = Math.max(progress, p)));
      if (controller.signal.aborted) return;
      const extra = (await this.options.onConverted?.(job, input, out)) ?? {};
      if (!controller.signal.aborted && (await queue.complete(job.id, this.workerId, out.data, out.mime, extra))) outcome = "completed";
    } catch (error) {
      if (controller.signal.aborted) return; // cancelled or re-leased: the job is not ours to report
      const problem =
        error instanceof JobFailure
          ? error.problem
          : { status: 500, title: "Conversion failed", detail: error instanceof Error ? error.message : String(error) };
      await queue.fail(job.id, this.workerId, problem).catch(() => {});
      outcome = "failed";
    } finally {
      clearInterval(beat);
      const seconds = (performance.now() - started) / 1000;
      this.options.metrics?.jobDuration.observe({ converter: job.converter, outcome }, seconds);
      this.options.metrics?.busy.inc(seconds);
      this.options.metrics?.jobs.inc({ state: outcome });
    }
  }
}
