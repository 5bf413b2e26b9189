// Finished results held for pickup, by size and expiry: the in-process adapter's side of the
// held-results budget (the Redis adapter keeps the same in a sorted set, redis-lua.ts). Without
// a bound, a burst of large exports fills the heap for a TTL: 8 export-only 26 MB PNGs at once
// took the embedded process from 0.8 to 2.8 GB.

export class HeldResults {
  private readonly held = new Map<string, { bytes: number; expiresAt: number }>();
  /** Bytes of every result held now, expired ones included until they are removed. */
  bytes = 0;

  /** A job's result replaces any the job held before. */
  add(id: string, bytes: number, expiresAt: number) {
    this.remove(id);
    this.held.set(id, { bytes, expiresAt });
    this.bytes += bytes;
  }

  remove(id: string) {
    const entry = this.held.get(id);
    if (!entry) return;
    this.held.delete(id);
    this.bytes -= entry.bytes;
  }

  expired(now: number): string[] {
    return [...this.held].filter(([, entry]) => entry.expiresAt <= now).map(([id]) => id);
  }

  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const { expiresAt } of this.held.values()) if (next === undefined || expiresAt < next) next = expiresAt;
    return next;
  }

  /** Milliseconds until enough results expire for the bytes held to fall under the budget. */
  msUntilUnder(budget: number, now: number): number {
    let left = this.bytes;
    for (const entry of [...this.held.values()].sort((a, b) => a.expiresAt - b.expiresAt)) {
      if (left < budget) break;
      left -= entry.bytes;
      if (left < budget) return entry.expiresAt - now;
    }
    return 0;
  }
}

/** Retry-After for a refusal while results are held: whole seconds, at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
