import type { OutputFormat } from "../../converters/formats";

export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled";

/** RFC 9457 problem details, as a failed job reports them. */
export interface JobProblem {
  status: number;
  title: string;
  detail: string;
}

export interface JobSpec {
  converter: string;
  params: Record<string, unknown>;
  format?: OutputFormat;
  quality?: number;
  /** The logged-in owner; only they may read the job. Anonymous jobs are readable by id. */
  ownerId?: string;
  /** The upload's name, for the result's Content-Disposition. */
  fileName?: string;
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
  /** The owner's gallery item that holds this job's original and result, once saved. */
  galleryId?: string;
}

export type CompletionExtra = Pick<JobRecord, "galleryId">;

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
  /** Stores the job and its input and queues it. With an idempotency key seen before, returns that job. */
  enqueue(spec: JobSpec, input: Uint8Array, options?: { idempotencyKey?: string }): Promise<{ record: JobRecord; created: boolean }>;
  get(id: string): Promise<JobRecord | undefined>;
  getResult(id: string): Promise<Uint8Array | undefined>;
  /** Cancels a queued or running job, or frees a finished one's result. False if unknown. */
  cancel(id: string): Promise<boolean>;
  depth(): Promise<number>;
  /** Jobs that ended done or failed (not cancelled) since the store began: the status page's jobs/s. */
  finished(): Promise<number>;

  claim(workerId: string): Promise<Claimed | undefined>;
  heartbeat(id: string, workerId: string, progress: number): Promise<HeartbeatAnswer>;
  complete(id: string, workerId: string, result: Uint8Array, mime: string, extra?: CompletionExtra): Promise<boolean>;
  fail(id: string, workerId: string, problem: JobProblem): Promise<boolean>;
  /** Requeues (or finally fails) jobs whose lease has lapsed. Returns how many it touched. */
  reap(): Promise<number>;
  /** Liveness of the backing store, for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface QueueOptions {
  ttlMs: number;
  leaseMs: number;
  maxAttempts: number;
  now?: () => number;
}

export const LOST_WORKER_PROBLEM: JobProblem = {
  status: 502,
  title: "Worker lost",
  detail: "The workers running this job stopped responding on every attempt.",
};
