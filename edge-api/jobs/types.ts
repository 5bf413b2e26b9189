import type { MetadataMode } from "../../converters/engine/encoder-options";
import type { OutputFormat } from "../../converters/engine/formats";

export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";

/** RFC 9457 problem details, as a failed job reports them. */
export interface JobProblem {
  status: number;
  title: string;
  detail: string;
}

export interface ExportOutcome {
  quality: number;
  targetMet?: boolean;
}

export interface JobSpec {
  /** The chain's converter ids joined by commas: a label for metrics, file names and lists. */
  converter: string;
  /** The first step's params (kept for records written before `steps`). */
  params: Record<string, unknown>;
  /** The chain, run in one thread with one decode and one encode. Absent in older records: one step. */
  steps?: { converter: string; params: Record<string, unknown> }[];
  format?: OutputFormat;
  quality?: number;
  metadata?: MetadataMode;
  /** The format's encoder options, checked at submission (converters/engine/encoder-options.ts). */
  encoder?: Record<string, unknown>;
  /** Search for the highest quality whose result is at most this many bytes. */
  targetBytes?: number;
  /** The logged-in owner; only they may read the job. Anonymous jobs are readable by id. */
  ownerId?: string;
  /** The upload's name, for the result's Content-Disposition and the gallery item. */
  fileName?: string;
  /** For a signed-in owner: "skip" keeps the result out of the gallery (the client saves on the user's word); absent is "save". */
  gallery?: "save" | "skip";
  /** The owner's editing session: the saved result is the newest version of that session's gallery item. */
  editSession?: string;
  /**
   * The address it came from (`ip:<addr>`, IPv6 by /64), whoever is signed in: the unit of fair
   * share, and of the per-address job limit, so many accounts from one address are one client.
   */
  client?: string;
  /** The signed-in account (`user:<id>`): it has a job limit of its own, from any address. */
  account?: string;
  /** Estimated seconds on the reference worker, from the header and params (converters/engine/plan.ts). */
  workSeconds?: number;
  /** How long the conversion may run before the worker ends it with 504. */
  deadlineSeconds?: number;
}

export interface JobRecord extends JobSpec {
  id: string;
  status: JobStatus;
  progress: number;
  attempts: number;
  createdAt: number;
  /** The last heartbeat (or state change): an unfinished job expires TTL after it. */
  updatedAt: number;
  startedAt?: number;
  finishedAt?: number;
  workerId?: string;
  error?: JobProblem;
  resultMime?: string;
  /** How the result was encoded: the quality used, and with a target size whether it was met. */
  exported?: ExportOutcome;
  /** The owner's gallery item that holds this job's original and result, once saved. */
  galleryId?: string;
  /** The upload's size: queued inputs count toward the queue's byte budget. */
  inputBytes: number;
  /** A queued job that has waited until then fails with 503 (MAX_QUEUE_WAIT_SECONDS). */
  waitUntil: number;
  /** When progress first rose above 0, and with what; and when it last rose: the ETA's measured rate. */
  progressStartedAt?: number;
  progressStart?: number;
  progressAt?: number;
  /** How long the conversion took, on the worker that finished it. */
  runSeconds?: number;
  /** The result's size while it is held for pickup: it counts toward the held-results budget. */
  resultBytes?: number;
}

/** Whether the worker saves this job's result to its owner's gallery: a signed-in edit, unless the client saves it itself. */
export const savesToGallery = (job: Pick<JobSpec, "ownerId" | "gallery" | "converter" | "params" | "steps">) => Boolean(job.ownerId) && job.gallery !== "skip" && jobSteps(job).length > 0;

/** A job's chain, for records written before `steps` too. */
export const jobSteps = (job: Pick<JobSpec, "converter" | "params" | "steps">) => job.steps ?? [{ converter: job.converter, params: job.params }];

export type CompletionExtra = Pick<JobRecord, "galleryId" | "runSeconds" | "exported">;

export interface EnqueueLimits {
  /** Jobs the spec's client (its address) may have queued or running, all its accounts together. */
  maxPerClient: number;
  /** Jobs the spec's account may have queued or running, from any address; ignored without an account. */
  maxPerAccount?: number;
  /** Bytes of inputs waiting in the queue, all clients together. */
  maxQueuedBytes: number;
  /** While finished results held for pickup take this many bytes or more, no job is admitted. */
  maxHeldResultBytes?: number;
}

export interface EnqueueOptions {
  /** Already scoped to the caller: the same key finds the same job while it lives. */
  idempotencyKey?: string;
  /** A hash of what was asked: the same key with another fingerprint is refused ("key-reused"). */
  fingerprint?: string;
}

export interface Enqueued {
  record: JobRecord;
  created: boolean;
}

/**
 * Why admit said no: the address (client) or the account has its jobs already, the queue holds
 * maxQueuedBytes, finished results hold maxHeldResultBytes (for retryAfterSeconds, until enough of
 * them expire), or the idempotency key was used for another request.
 */
export interface Refused {
  refused: "client-limit" | "account-limit" | "queue-bytes" | "held-results" | "key-reused";
  retryAfterSeconds?: number;
}

/** What is waiting, for admission and the status page. */
export interface QueueStats {
  depth: number;
  /** Estimated seconds of the queued jobs, on the reference worker. */
  queuedSeconds: number;
  queuedBytes: number;
  /** Bytes of finished results held for pickup (until fetched and deleted, or expired). */
  heldResultBytes: number;
  /** Measured run time over estimated, weighted by job size (1 until jobs have finished). */
  speedRatio: number;
}

/** What a client's next job waits for, round-robin: each other client's next job, and its own queued ones. */
export interface Ahead {
  /** Estimated seconds on the reference worker. */
  seconds: number;
}

export interface Claimed {
  record: JobRecord;
  input: Uint8Array;
}

export type HeartbeatAnswer = "ok" | "cancelled" | "lost";

/**
 * The queue and job store port. Both adapters (in-process, Redis) pass the same contract suite
 * (job-queue.contract.ts). Workers hold a lease per job and renew it with heartbeats; a job
 * whose lease lapses goes back to the queue, and fails for good after `maxAttempts`.
 */
export interface JobQueue {
  /**
   * Stores the job and its input and queues it behind its client's other jobs. With an
   * idempotency key seen before, returns that job.
   */
  enqueue(spec: JobSpec, input: Uint8Array, options?: Pick<EnqueueOptions, "idempotencyKey">): Promise<Enqueued>;
  /**
   * As enqueue, but refused, atomically, when the address, the account, the queue or the held
   * results are over their limits, or when the idempotency key was used with another fingerprint.
   */
  admit(spec: JobSpec, input: Uint8Array, limits: EnqueueLimits, options?: EnqueueOptions): Promise<Enqueued | Refused>;
  get(id: string): Promise<JobRecord | undefined>;
  getResult(id: string): Promise<Uint8Array | undefined>;
  /** Cancels a queued or running job, or frees a finished one's result. False if unknown. */
  cancel(id: string): Promise<boolean>;
  /**
   * Cancels every queued and running job of this owner (an account being deleted), as cancel
   * does: a running job's worker hears "cancelled" at its next heartbeat. Returns how many.
   */
  cancelOwnedBy(ownerId: string): Promise<number>;
  depth(): Promise<number>;
  stats(): Promise<QueueStats>;
  /** The work a new job of this client would wait behind (see Ahead). */
  ahead(client: string): Promise<Ahead>;
  /** Jobs that will be taken before this queued one (0: next); undefined if it is not queued. */
  position(id: string): Promise<number | undefined>;
  /** Jobs that ended done or failed (not cancelled) since the store began: the status page's jobs/s. */
  finished(): Promise<number>;

  /** The next job, round-robin across clients: the client served least recently goes first. */
  claim(workerId: string): Promise<Claimed | undefined>;
  /**
   * Resolves when a job may be ready to claim (one was queued, handed back or requeued, by any
   * process), or after `timeoutMs`, or when `signal` aborts. An idle worker waits here between
   * empty claims instead of polling the store. Never rejects.
   */
  waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  heartbeat(id: string, workerId: string, progress: number): Promise<HeartbeatAnswer>;
  complete(id: string, workerId: string, result: Uint8Array, mime: string, extra?: CompletionExtra): Promise<boolean>;
  fail(id: string, workerId: string, problem: JobProblem): Promise<boolean>;
  /**
   * A stopping worker hands a running job back: it is queued again at the front of its client's
   * queue at once (no wait for the lease to lapse), and the attempt does not count. False if the
   * worker no longer holds it.
   */
  release(id: string, workerId: string): Promise<boolean>;
  /**
   * Requeues (or finally fails) jobs whose lease has lapsed, and fails queued jobs that have
   * waited past their waitUntil with WAITED_TOO_LONG. Returns how many it touched.
   */
  reap(): Promise<number>;
  /** Liveness of the backing store, for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface QueueOptions {
  /** A finished job's result, or a running job after its last heartbeat, lives this long. */
  ttlMs: number;
  /** A queued job waits at most this long (default 600 s). */
  maxWaitMs?: number;
  leaseMs: number;
  maxAttempts: number;
  /**
   * MAX_HELD_RESULT_BYTES, for the share one client may hold (HELD_SHARE_PER_CLIENT): a result
   * that takes its client past it drops that client's oldest uncollected results. Unset: no share.
   */
  maxHeldResultBytes?: number;
  now?: () => number;
}

export const LOST_WORKER_PROBLEM: JobProblem = {
  status: 502,
  title: "Worker lost",
  detail: "The workers running this job stopped responding on every attempt.",
};

export const WAITED_TOO_LONG: JobProblem = {
  status: 503,
  title: "Waited too long",
  detail: "The job waited in the queue past the longest wait allowed; the servers are busy. Send it again later.",
};

export const DEFAULT_MAX_WAIT_MS = 600_000;
