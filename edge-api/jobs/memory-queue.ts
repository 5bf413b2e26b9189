import { newJobId } from "./ids";
import {
  type Claimed,
  type CompletionExtra,
  type HeartbeatAnswer,
  type JobProblem,
  type JobQueue,
  type JobRecord,
  type JobSpec,
  LOST_WORKER_PROBLEM,
  type QueueOptions,
} from "./types";

interface Entry {
  record: JobRecord;
  input?: Uint8Array;
  result?: Uint8Array;
  expiresAt: number;
  leaseUntil?: number;
}

/** The embedded adapter: one process, no Redis. Same semantics as the Redis adapter. */
export class MemoryJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private readonly idempotency = new Map<string, { id: string; expiresAt: number }>();
  private readonly now: () => number;
  private finishedCount = 0;
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(private readonly options: QueueOptions) {
    this.now = options.now ?? Date.now;
    // Expiry is checked on every read; the sweep only gives memory back.
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, options.ttlMs / 4));
    this.sweeper.unref();
  }

  async enqueue(spec: JobSpec, input: Uint8Array, options: { idempotencyKey?: string } = {}) {
    const idemKey = options.idempotencyKey && `${spec.ownerId ?? "anon"}:${options.idempotencyKey}`;
    const seen = idemKey ? this.idempotency.get(idemKey) : undefined;
    if (seen && seen.expiresAt > this.now()) {
      const existing = this.live(seen.id);
      if (existing) return { record: { ...existing.record }, created: false };
    }
    const now = this.now();
    const record: JobRecord = { ...spec, id: newJobId(), status: "queued", progress: 0, attempts: 0, createdAt: now, updatedAt: now };
    this.jobs.set(record.id, { record, input, expiresAt: now + this.options.ttlMs });
    this.queue.push(record.id);
    if (idemKey) this.idempotency.set(idemKey, { id: record.id, expiresAt: now + this.options.ttlMs });
    return { record: { ...record }, created: true };
  }

  async get(id: string) {
    const entry = this.live(id);
    return entry && { ...entry.record };
  }

  async getResult(id: string) {
    const entry = this.live(id);
    return entry?.record.status === "done" ? entry.result : undefined;
  }

  async cancel(id: string) {
    const entry = this.live(id);
    if (!entry) return false;
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
    this.finish(entry, { status: "cancelled" });
    entry.result = undefined;
    return true;
  }

  async finished() {
    return this.finishedCount;
  }

  async depth() {
    return this.queue.filter((id) => this.live(id)?.record.status === "queued").length;
  }

  async claim(workerId: string): Promise<Claimed | undefined> {
    for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
      const entry = this.live(id);
      if (!entry || entry.record.status !== "queued" || !entry.input) continue;
      const now = this.now();
      Object.assign(entry.record, { status: "running", workerId, attempts: entry.record.attempts + 1, updatedAt: now });
      entry.record.startedAt ??= now;
      entry.leaseUntil = now + this.options.leaseMs;
      entry.expiresAt = now + this.options.ttlMs;
      return { record: { ...entry.record }, input: entry.input };
    }
    return undefined;
  }

  async heartbeat(id: string, workerId: string, progress: number): Promise<HeartbeatAnswer> {
    const entry = this.live(id);
    if (!entry) return "lost";
    if (entry.record.status === "cancelled") return "cancelled";
    if (!this.holds(entry, workerId)) return "lost";
    const now = this.now();
    entry.record.progress = Math.max(entry.record.progress, Math.min(1, progress));
    entry.record.updatedAt = now;
    entry.leaseUntil = now + this.options.leaseMs;
    entry.expiresAt = now + this.options.ttlMs;
    return "ok";
  }

  async complete(id: string, workerId: string, result: Uint8Array, mime: string, extra: CompletionExtra = {}) {
    const entry = this.live(id);
    if (!entry || !this.holds(entry, workerId)) return false;
    entry.result = result;
    this.finish(entry, { ...extra, status: "done", progress: 1, resultMime: mime });
    return true;
  }

  async fail(id: string, workerId: string, problem: JobProblem) {
    const entry = this.live(id);
    if (!entry || !this.holds(entry, workerId)) return false;
    this.finish(entry, { status: "failed", error: problem });
    return true;
  }

  async reap() {
    const now = this.now();
    let touched = 0;
    for (const [id, entry] of this.jobs) {
      if (entry.record.status !== "running" || (entry.leaseUntil ?? Infinity) > now) continue;
      touched++;
      if (entry.record.attempts >= this.options.maxAttempts) {
        this.finish(entry, { status: "failed", error: LOST_WORKER_PROBLEM });
      } else {
        Object.assign(entry.record, { status: "queued", workerId: undefined, updatedAt: now });
        entry.leaseUntil = undefined;
        // To the front: it has waited once already.
        this.queue.unshift(id);
      }
    }
    return touched;
  }

  async ping() {
    return true;
  }

  async close() {
    clearInterval(this.sweeper);
  }

  private holds(entry: Entry, workerId: string) {
    return entry.record.status === "running" && entry.record.workerId === workerId;
  }

  private finish(entry: Entry, changes: Partial<JobRecord>) {
    const now = this.now();
    Object.assign(entry.record, changes, { updatedAt: now, finishedAt: now });
    if (changes.status !== "cancelled") this.finishedCount++;
    entry.input = undefined;
    entry.leaseUntil = undefined;
    entry.expiresAt = now + this.options.ttlMs;
  }

  private live(id: string): Entry | undefined {
    const entry = this.jobs.get(id);
    if (entry && entry.expiresAt <= this.now()) {
      this.jobs.delete(id);
      return undefined;
    }
    return entry;
  }

  private sweep() {
    for (const id of this.jobs.keys()) this.live(id);
    const now = this.now();
    for (const [key, seen] of this.idempotency) if (seen.expiresAt <= now) this.idempotency.delete(key);
  }
}
