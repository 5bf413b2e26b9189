// Finished results held for pickup, by size and expiry: the in-process adapter's side of the
// held-results budget (the Redis adapter keeps the same in a sorted set, lua/prelude.lua). Without
// a bound, a burst of large exports fills the heap for a TTL: 8 export-only 26 MB PNGs at once
// took the embedded process from 0.8 to 2.8 GB.

/**
 * One client (an address) may hold this share of the budget: past it, its oldest uncollected
 * results are dropped as new ones land, so a client that never collects cannot fill the budget
 * and shut strangers out, nor be refused itself for results it forgot.
 */
export const HELD_SHARE_PER_CLIENT = 1 / 4;

export class HeldResults {
  private readonly held = new Map<string, { bytes: number; expiresAt: number; client: string }>();
  private readonly byClient = new Map<string, number>();
  /** Bytes of every result held now, expired ones included until they are removed. */
  bytes = 0;

  /** A job's result replaces any the job held before. */
  add(id: string, bytes: number, expiresAt: number, client = "") {
    this.remove(id);
    this.held.set(id, { bytes, expiresAt, client });
    this.bytes += bytes;
    this.byClient.set(client, (this.byClient.get(client) ?? 0) + bytes);
  }

  remove(id: string) {
    const entry = this.held.get(id);
    if (!entry) return;
    this.held.delete(id);
    this.bytes -= entry.bytes;
    const left = (this.byClient.get(entry.client) ?? 0) - entry.bytes;
    if (left > 0) this.byClient.set(entry.client, left);
    else this.byClient.delete(entry.client);
  }

  /** Bytes one client holds. */
  bytesOf(client: string): number {
    return this.byClient.get(client) ?? 0;
  }

  /** The ids one client holds past `cap`, oldest first, that must go for it to fit (never `keep`). */
  overCap(client: string, cap: number, keep: string): string[] {
    let left = this.bytesOf(client);
    const drop: string[] = [];
    const mine = [...this.held].filter(([id, e]) => e.client === client && id !== keep).sort(([, a], [, b]) => a.expiresAt - b.expiresAt);
    for (const [id, entry] of mine) {
      if (left <= cap) break;
      drop.push(id);
      left -= entry.bytes;
    }
    return drop;
  }

  expired(now: number): string[] {
    return [...this.held].filter(([, entry]) => entry.expiresAt <= now).map(([id]) => id);
  }

  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const { expiresAt } of this.held.values()) if (next === undefined || expiresAt < next) next = expiresAt;
    return next;
  }

  /** Milliseconds until enough results (of one client, if given) expire for its bytes held to fall under the budget. */
  msUntilUnder(budget: number, now: number, client?: string): number {
    let left = client === undefined ? this.bytes : this.bytesOf(client);
    const entries = [...this.held.values()].filter((e) => client === undefined || e.client === client);
    for (const entry of entries.sort((a, b) => a.expiresAt - b.expiresAt)) {
      if (left < budget) break;
      left -= entry.bytes;
      if (left < budget) return entry.expiresAt - now;
    }
    return 0;
  }
}

/** Retry-After for a refusal while results are held: whole seconds, at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
