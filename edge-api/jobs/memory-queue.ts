import { newJobId } from "./ids";
import {
  type Claimed,
  type CompletionExtra,
  DEFAULT_MAX_WAIT_MS,
  type EnqueueLimits,
  type EnqueueOptions,
  type Enqueued,
  type Refused,
  type HeartbeatAnswer,
  type JobProblem,
  type JobQueue,
  type JobRecord,
  type JobSpec,
  LOST_WORKER_PROBLEM,
  type QueueOptions,
  type QueueStats,
  WAITED_TOO_LONG,
} from "./types";
import { FairQueue } from "./fair-queue";
import { HELD_SHARE_PER_CLIENT, HeldResults, retryAfterSeconds } from "./held-results";
import { KeyedSets } from "./keyed-sets";
import { SpeedRatio } from "./speed-ratio";
import { WorkSignal } from "./work-signal";

interface Entry {
  record: JobRecord;
  input?: Uint8Array;
  result?: Uint8Array;
  expiresAt: number;
  leaseUntil?: number;
}

const clientOf = (record: JobRecord) => record.client ?? "anon";

/** The embedded adapter: one process, no Redis. Same semantics as the Redis adapter. */
export class MemoryJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly waiting: FairQueue;
  /** Each client's (address's) queued and running jobs, and each account's. */
  private readonly byClient = new KeyedSets();
  private readonly byAccount = new KeyedSets();
  private readonly held = new HeldResults();
  /** Drops each held result as it expires, so its bytes go back to the heap then. */
  private releaseTimer?: ReturnType<typeof setTimeout>;
  private readonly idempotency = new Map<string, { id: string; expiresAt: number; fingerprint?: string }>();
  private readonly now: () => number;
  private readonly maxWaitMs: number;
  private readonly speed = new SpeedRatio();
  private finishedCount = 0;
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly work = new WorkSignal();

  constructor(private readonly options: QueueOptions) {
    this.now = options.now ?? Date.now;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    this.waiting = new FairQueue(this.now);
    // Expiry is checked on every read; the sweep only gives memory back.
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, options.ttlMs / 4));
    this.sweeper.unref();
  }

  async enqueue(spec: JobSpec, input: Uint8Array, options: Pick<EnqueueOptions, "idempotencyKey"> = {}): Promise<Enqueued> {
    return (await this.put(spec, input, options)) as Enqueued;
  }

  async admit(spec: JobSpec, input: Uint8Array, limits: EnqueueLimits, options: EnqueueOptions = {}) {
    return this.put(spec, input, { ...options, limits });
  }

  private async put(spec: JobSpec, input: Uint8Array, options: EnqueueOptions & { limits?: EnqueueLimits }): Promise<Enqueued | Refused> {
    const idemKey = options.idempotencyKey && `${spec.ownerId ?? "anon"}:${options.idempotencyKey}`;
    const seen = idemKey ? this.idempotency.get(idemKey) : undefined;
    if (seen && seen.expiresAt > this.now()) {
      const existing = this.live(seen.id);
      if (existing) {
        if (seen.fingerprint && options.fingerprint && seen.fingerprint !== options.fingerprint) return { refused: "key-reused" };
        return { record: { ...existing.record }, created: false };
      }
    }
    const client = spec.client ?? "anon";
    const refused = options.limits && this.refusal(spec, client, input.byteLength, options.limits);
    if (refused) return refused;
    const now = this.now();
    const record: JobRecord = { ...spec, client, id: newJobId(), status: "queued", progress: 0, attempts: 0, createdAt: now, updatedAt: now, inputBytes: input.byteLength, waitUntil: now + this.maxWaitMs };
    this.jobs.set(record.id, { record, input, expiresAt: record.waitUntil + this.options.ttlMs });
    this.waiting.push(client, record.id);
    this.work.notify();
    this.byClient.add(client, record.id);
    if (record.account) this.byAccount.add(record.account, record.id);
    // As long as the job itself may live: a retry while it still waits finds it.
    if (idemKey) this.idempotency.set(idemKey, { id: record.id, expiresAt: record.waitUntil + this.options.ttlMs, fingerprint: options.fingerprint });
    return { record: { ...record }, created: true };
  }

  /** The same checks, in the same order, as the Redis adapter's enqueue script. */
  private refusal(spec: JobSpec, client: string, bytes: number, limits: EnqueueLimits): Refused | undefined {
    if (spec.account && limits.maxPerAccount !== undefined && this.byAccount.size(spec.account) >= limits.maxPerAccount) return { refused: "account-limit" };
    if (this.byClient.size(client) >= limits.maxPerClient) return { refused: "client-limit" };
    if (this.queuedBytes() + bytes > limits.maxQueuedBytes) return { refused: "queue-bytes" };
    if (limits.maxHeldResultBytes === undefined) return undefined;
    this.releaseExpired();
    if (this.held.bytes < limits.maxHeldResultBytes) return undefined;
    return { refused: "held-results", retryAfterSeconds: retryAfterSeconds(this.held.msUntilUnder(limits.maxHeldResultBytes, this.now())) };
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
    this.finish(entry, { status: "cancelled" });
    this.dropResult(entry);
    return true;
  }

  async cancelOwnedBy(ownerId: string) {
    let cancelled = 0;
    for (const id of [...this.jobs.keys()]) {
      const entry = this.live(id);
      if (entry?.record.ownerId !== ownerId || (entry.record.status !== "queued" && entry.record.status !== "running")) continue;
      this.finish(entry, { status: "cancelled" });
      cancelled++;
    }
    return cancelled;
  }

  async finished() {
    return this.finishedCount;
  }

  async depth() {
    this.expireWaits();
    return this.waiting.size;
  }

  async stats(): Promise<QueueStats> {
    this.expireWaits();
    let queuedSeconds = 0;
    for (const id of this.waiting.ids()) queuedSeconds += this.jobs.get(id)?.record.workSeconds ?? 0;
    this.releaseExpired();
    return { depth: this.waiting.size, queuedSeconds, queuedBytes: this.queuedBytes(), heldResultBytes: this.held.bytes, speedRatio: this.speed.ratio };
  }

  async ahead(client: string) {
    this.expireWaits();
    return { seconds: this.waiting.ahead(client, (id) => this.jobs.get(id)?.record.workSeconds ?? 0) };
  }

  async position(id: string) {
    return this.live(id)?.record.status === "queued" ? this.waiting.position(clientOf(this.jobs.get(id)!.record), id) : undefined;
  }

  async claim(workerId: string): Promise<Claimed | undefined> {
    this.expireWaits();
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      const entry = this.live(next.id);
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
    const record = entry.record;
    const next = Math.min(1, progress);
    if (next > record.progress) {
      if (record.progressStartedAt === undefined) Object.assign(record, { progressStartedAt: now, progressStart: next });
      record.progressAt = now;
      record.progress = next;
    }
    record.updatedAt = now;
    entry.leaseUntil = now + this.options.leaseMs;
    entry.expiresAt = now + this.options.ttlMs;
    return "ok";
  }

  async complete(id: string, workerId: string, result: Uint8Array, mime: string, extra: CompletionExtra = {}) {
    const entry = this.live(id);
    if (!entry || !this.holds(entry, workerId)) return false;
    entry.result = result;
    this.speed.add(entry.record.workSeconds, extra.runSeconds);
    this.finish(entry, { ...extra, status: "done", progress: 1, resultMime: mime, resultBytes: result.byteLength });
    const client = entry.record.client ?? "";
    this.held.add(id, result.byteLength, entry.expiresAt, client);
    if (this.options.maxHeldResultBytes !== undefined) {
      for (const old of this.held.overCap(client, this.options.maxHeldResultBytes * HELD_SHARE_PER_CLIENT, id)) {
        const dropped = this.jobs.get(old);
        if (dropped) this.dropResult(dropped);
      }
    }
    this.scheduleRelease();
    return true;
  }

  async fail(id: string, workerId: string, problem: JobProblem) {
    const entry = this.live(id);
    if (!entry || !this.holds(entry, workerId)) return false;
    this.finish(entry, { status: "failed", error: problem });
    return true;
  }

  async release(id: string, workerId: string) {
    const entry = this.live(id);
    if (!entry || !this.holds(entry, workerId)) return false;
    this.requeue(entry, { attempts: Math.max(0, entry.record.attempts - 1) });
    return true;
  }

  async reap() {
    const now = this.now();
    let touched = this.expireWaits();
    for (const entry of this.jobs.values()) {
      if (entry.record.status !== "running" || (entry.leaseUntil ?? Infinity) > now) continue;
      touched++;
      if (entry.record.attempts >= this.options.maxAttempts) {
        this.finish(entry, { status: "failed", error: LOST_WORKER_PROBLEM });
      } else {
        this.requeue(entry);
      }
    }
    return touched;
  }

  waitForWork(timeoutMs: number, signal?: AbortSignal) {
    return this.work.wait(timeoutMs, signal);
  }

  async ping() {
    return true;
  }

  async close() {
    clearInterval(this.sweeper);
    clearTimeout(this.releaseTimer);
  }

  /** Back to the front of its client's queue: it has waited once already. Its wait starts over. */
  private requeue(entry: Entry, changes: Partial<JobRecord> = {}) {
    const now = this.now();
    Object.assign(entry.record, changes, { status: "queued", workerId: undefined, updatedAt: now, waitUntil: now + this.maxWaitMs });
    entry.leaseUntil = undefined;
    entry.expiresAt = entry.record.waitUntil + this.options.ttlMs;
    this.waiting.unshift(clientOf(entry.record), entry.record.id);
    this.work.notify();
  }

  private dropResult(entry: Entry) {
    entry.result = undefined;
    this.held.remove(entry.record.id);
  }

  private releaseExpired() {
    for (const id of this.held.expired(this.now())) {
      const entry = this.live(id);
      // A result lives as long as its record, so this never finds one; but if it did, the result
      // would still go (and the release timer never spin on it).
      if (entry) this.dropResult(entry);
    }
  }

  private scheduleRelease() {
    clearTimeout(this.releaseTimer);
    const next = this.held.nextExpiry();
    if (next === undefined) return;
    this.releaseTimer = setTimeout(() => (this.releaseExpired(), this.scheduleRelease()), Math.max(0, next - this.now()) + 1);
    this.releaseTimer.unref();
  }

  private queuedBytes() {
    let bytes = 0;
    for (const id of this.waiting.ids()) bytes += this.jobs.get(id)?.record.inputBytes ?? 0;
    return bytes;
  }

  private holds(entry: Entry, workerId: string) {
    return entry.record.status === "running" && entry.record.workerId === workerId;
  }

  private finish(entry: Entry, changes: Partial<JobRecord>) {
    const now = this.now();
    const { record } = entry;
    if (record.status === "queued") this.waiting.remove(clientOf(record), record.id);
    Object.assign(record, changes, { updatedAt: now, finishedAt: now });
    if (changes.status !== "cancelled") this.finishedCount++;
    this.untrack(record);
    entry.input = undefined;
    entry.leaseUntil = undefined;
    entry.expiresAt = now + this.options.ttlMs;
  }

  /** Queued jobs past their waitUntil fail with 503: a job never vanishes while it waits. */
  private expireWaits(): number {
    const now = this.now();
    let expired = 0;
    for (const id of this.waiting.ids()) {
      const entry = this.jobs.get(id);
      if (entry && entry.record.status === "queued" && entry.record.waitUntil <= now) {
        this.finish(entry, { status: "failed", error: WAITED_TOO_LONG });
        expired++;
      }
    }
    return expired;
  }

  private live(id: string): Entry | undefined {
    const entry = this.jobs.get(id);
    if (entry?.record.status === "queued" && entry.record.waitUntil <= this.now()) this.finish(entry, { status: "failed", error: WAITED_TOO_LONG });
    if (entry && entry.expiresAt <= this.now()) {
      this.jobs.delete(id);
      this.dropResult(entry);
      if (entry.record.status === "running") this.untrack(entry.record);
      return undefined;
    }
    return entry;
  }

  private untrack(record: JobRecord) {
    this.byClient.delete(clientOf(record), record.id);
    if (record.account) this.byAccount.delete(record.account, record.id);
  }

  private sweep() {
    for (const id of this.jobs.keys()) this.live(id);
    const now = this.now();
    for (const [key, seen] of this.idempotency) if (seen.expiresAt <= now) this.idempotency.delete(key);
    this.waiting.forget(now - this.maxWaitMs);
  }
}
