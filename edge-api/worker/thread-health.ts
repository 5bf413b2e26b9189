/**
 * Whether a process's conversion threads can convert, for /readyz. A broken thread is replaced at
 * once, so one failure says nothing about the next job; several in a row with no success between
 * say the runtime cannot work here (a missing wasm file, memory the machine will not give), and
 * the replica should leave the load balancer until a conversion succeeds again.
 */
export class ThreadHealth {
  static readonly FAILURES_TO_UNREADY = 3;
  private failures = 0;
  private last?: string;

  succeeded(): void {
    this.failures = 0;
  }

  failed(reason: string): void {
    this.failures++;
    this.last = reason;
  }

  /** Undefined while healthy; otherwise why not. */
  problem(): string | undefined {
    return this.failures >= ThreadHealth.FAILURES_TO_UNREADY ? `${this.failures} conversions in a row stopped their thread (${this.last})` : undefined;
  }
}
