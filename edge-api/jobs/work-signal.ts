// How an idle worker waits for work without polling: the queue signals when a job may be ready
// (queued, handed back, requeued), and waiters wake at once. A signal that comes while no one
// waits is kept, so the next wait returns at once: a job queued between a worker's empty claim
// and its wait is never slept through. The wait still ends after its timeout, so a missed signal
// (a Redis that restarted between publish and subscribe) costs one timeout, never a stuck job.

export class WorkSignal {
  private pending = false;
  private readonly waiters = new Set<() => void>();

  /** A job may be ready: wake every waiter, or the next one to wait. */
  notify(): void {
    this.pending = true;
    for (const wake of [...this.waiters]) wake();
  }

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiters.delete(done);
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.add(done);
    });
  }
}
