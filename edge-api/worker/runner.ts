import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { type CompletionExtra, type ExportOutcome, type JobProblem, type JobQueue, type JobRecord, jobSteps } from "../jobs/types";
import type { Metrics } from "../metrics";

export interface ConvertFn {
  (job: JobRecord, input: Uint8Array, signal: AbortSignal, onProgress: (p: number) => void): Promise<Converted>;
}

/** A conversion's result; a signed-in user's also carries the gallery's thumbnail of it. */
export interface Converted {
  data: Uint8Array;
  mime: string;
  exported?: ExportOutcome;
  thumb?: { data: Uint8Array; mime: string };
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
  /**
   * A rise in progress is written within this long, and at most once per this long (default
   * 500 ms): a page polling each second sees the job move, and the store sees two writes a
   * second at most, whatever the converter reports.
   */
  progressMs?: number;
  /**
   * The longest an idle slot waits before asking the queue again when nothing signals work
   * (JobQueue.waitForWork wakes it at once when a job is queued anywhere): default 5 s.
   */
  pollMs?: number;
  /** How often this process requeues jobs whose worker died. */
  reapMs?: number;
  workerId?: string;
  /** After a conversion, before the job completes (and while it still heartbeats): the gallery save. */
  onConverted?: (job: JobRecord, input: Uint8Array, out: Converted) => Promise<CompletionExtra>;
  metrics?: Pick<Metrics, "jobs" | "jobDuration" | "busy">;
  /** How long a finished job's report is retried while the store is unreachable. */
  reportPatienceMs?: number;
}

const REPORT_PATIENCE_MS = 30_000;
/** An idle slot asks again after this long even when no signal came (a lost pub/sub message). */
const IDLE_WAIT_MS = 5000;
const STORE_RETRY_MS = 100;
const PROGRESS_MS = 500;

/**
 * The worker role: `concurrency` slots, each claiming a job, converting it while heartbeating,
 * and reporting the outcome. A heartbeat answered "cancelled" or "lost" aborts the conversion.
 */
export class JobRunner {
  readonly workerId: string;
  /** Jobs finished since start: the replica heartbeat reports them, with those running. */
  processed = 0;
  /** Aborted on stop: no new job is taken, and an idle slot's wait for work ends at once. */
  private readonly stopped = new AbortController();
  private readonly loops: Promise<void>[] = [];
  /** Running jobs' aborts, for handing them back on stop. */
  private readonly inFlight = new Map<string, AbortController>();

  /** Jobs converting now. */
  get running(): number {
    return this.inFlight.size;
  }
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

  /**
   * Takes no new job; running ones get `handBackAfterMs` to finish, then go back to the queue at
   * once (release, not a lapsing lease), so another worker starts them without waiting.
   */
  async stop({ handBackAfterMs = Infinity }: { handBackAfterMs?: number } = {}): Promise<void> {
    this.stopped.abort();
    clearInterval(this.reaper);
    const drained = Promise.all(this.loops);
    if (Number.isFinite(handBackAfterMs)) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = await Promise.race([drained.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), handBackAfterMs)))]);
      clearTimeout(timer);
      if (late) await Promise.all([...this.inFlight.keys()].map((id) => this.handBack(id)));
    }
    await drained;
  }

  private async handBack(id: string): Promise<void> {
    const controller = this.inFlight.get(id);
    try {
      await this.options.queue.release(id, this.workerId);
    } catch {
      // The store is unreachable: the lease lapses and the reaper requeues the job instead.
    }
    controller?.abort("handed back");
  }

  private async loop(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      let claimed;
      try {
        claimed = await this.options.queue.claim(this.workerId);
      } catch {
        // The store is unreachable: try again after a short pause.
        await new Promise((r) => setTimeout(r, STORE_RETRY_MS));
        continue;
      }
      if (!claimed) {
        await this.options.queue.waitForWork(this.options.pollMs ?? IDLE_WAIT_MS, this.stopped.signal);
        continue;
      }
      await this.run(claimed.record, claimed.input);
    }
  }

  private async run(job: JobRecord, input: Uint8Array): Promise<void> {
    const { queue } = this.options;
    const controller = new AbortController();
    this.inFlight.set(job.id, controller);
    const started = performance.now();
    let outcome = "cancelled";
    const beats = this.beats(job.id, controller);
    try {
      let report: () => Promise<boolean>;
      let reported: string;
      try {
        const out = await this.options.convert(job, input, controller.signal, beats.progress);
        if (controller.signal.aborted) return;
        // The conversion alone: the queue's measured speed compares it with the estimate.
        const runSeconds = (performance.now() - started) / 1000;
        const extra = { ...(await this.options.onConverted?.(job, input, out)), runSeconds, ...(out.exported && { exported: out.exported }) };
        report = () => queue.complete(job.id, this.workerId, out.data, out.mime, extra);
        reported = "completed";
      } catch (error) {
        if (controller.signal.aborted) return; // cancelled or re-leased: the job is not ours to report
        const problem =
          error instanceof JobFailure
            ? error.problem
            : { status: 500, title: "Conversion failed", detail: error instanceof Error ? error.message : String(error) };
        report = () => queue.fail(job.id, this.workerId, problem);
        reported = "failed";
      }
      if (controller.signal.aborted) return;
      // False: the lease went to another worker meanwhile (its result stands) or the job was cancelled.
      if (await this.persist(report, controller.signal)) outcome = reported;
    } catch {
      // The store stayed down: the lease lapses and another attempt runs the job again.
      outcome = "unreported";
    } finally {
      beats.stop();
      this.inFlight.delete(job.id);
      if (outcome === "completed" || outcome === "failed") this.processed++;
      const seconds = (performance.now() - started) / 1000;
      // A chain is labelled "chain": labels stay one per converter, whatever chains clients send.
      const steps = jobSteps(job);
      this.options.metrics?.jobDuration.observe({ converter: steps.length === 1 ? steps[0]!.converter : "chain", outcome }, seconds);
      this.options.metrics?.busy.inc(seconds);
      this.options.metrics?.jobs.inc({ state: outcome });
    }
  }

  /**
   * A running job's writes to the store, one at a time: the lease heartbeat every heartbeatMs
   * (skipped when a progress write has just renewed it), and each rise in progress within
   * progressMs, throttled to one write per progressMs. A write answered "cancelled" or "lost"
   * aborts the conversion.
   */
  private beats(id: string, controller: AbortController) {
    const { queue, heartbeatMs } = this.options;
    const progressMs = this.options.progressMs ?? PROGRESS_MS;
    let progress = 0;
    let sent = 0;
    let lastWrite = -Infinity;
    let writing = false;
    let stopped = false;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      if (writing || stopped) return;
      writing = true;
      lastWrite = Date.now();
      sent = progress;
      queue
        .heartbeat(id, this.workerId, sent)
        .then((answer) => answer !== "ok" && controller.abort(answer))
        .catch(() => {}) // a missed beat is survivable; the lease is several beats long
        .finally(() => {
          writing = false;
          if (progress > sent) schedule();
        });
    };
    const schedule = () => {
      if (pending || writing || stopped) return;
      const wait = lastWrite + progressMs - Date.now();
      if (wait <= 0) write();
      else pending = setTimeout(() => ((pending = undefined), write()), wait);
    };
    const lease = setInterval(() => Date.now() - lastWrite >= heartbeatMs / 2 && write(), heartbeatMs);
    return {
      progress: (p: number) => {
        if (p <= progress) return;
        progress = p;
        schedule();
      },
      stop: () => {
        stopped = true;
        clearInterval(lease);
        clearTimeout(pending);
      },
    };
  }

  /**
   * A finished job's report, retried through a store outage (Redis restarting) for up to
   * REPORT_PATIENCE_MS, so finished work is not thrown away for a blip.
   */
  private async persist(report: () => Promise<boolean>, signal: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + (this.options.reportPatienceMs ?? REPORT_PATIENCE_MS);
    for (let wait = 250; ; wait = Math.min(2 * wait, 2000)) {
      try {
        return await report();
      } catch (error) {
        if (signal.aborted || Date.now() + wait > deadline) throw error;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
