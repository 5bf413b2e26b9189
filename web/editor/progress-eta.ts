// Time left for work that reports its progress, as the server says it for a job (etaSeconds in
// edge-api/routes/jobs.ts): the rate between the first and the latest rise of progress, less the
// time since that rise. Before progress has risen twice, the estimate made before the run, less
// the time spent, stands in.

export class ProgressClock {
  private first?: { progress: number; at: number };
  private latest?: { progress: number; at: number };

  /** `startedAt` and every `at` in ms on one clock; `estimateSeconds` is the plan's, if any. */
  constructor(
    private startedAt: number,
    private readonly estimateSeconds?: number,
  ) {}

  /** Work has (re)started now: after a download, say, which the estimate does not cover. */
  restart(at: number): void {
    this.startedAt = at;
    this.first = this.latest = undefined;
  }

  /** Seconds left at `at`, given progress (0–1) reported then; undefined when nothing can be said. */
  report(progress: number, at: number): number | undefined {
    // Counted from the first rise, as the server counts: start-up before it is not the rate of work.
    if (!this.first) {
      if (progress > 0) this.first = { progress, at };
    } else if (progress > (this.latest ?? this.first).progress) this.latest = { progress, at };
    return this.secondsLeft(at);
  }

  secondsLeft(at: number): number | undefined {
    const { first, latest } = this;
    if (first && latest && latest.progress > first.progress && latest.at > first.at) {
      const perUnit = (latest.at - first.at) / (latest.progress - first.progress);
      return Math.max(0, (perUnit * (1 - latest.progress) - (at - latest.at)) / 1000);
    }
    if (this.estimateSeconds === undefined) return undefined;
    return Math.max(0, this.estimateSeconds - (at - this.startedAt) / 1000);
  }
}
