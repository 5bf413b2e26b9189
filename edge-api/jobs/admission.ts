// What a conversion may ask before it is queued: its output size and cost from the header and
// params (converters/engine/plan.ts), the queue's expected wait, and the client's share.
import { createHash } from "node:crypto";
import { ConversionError } from "../../converters/engine/errors";
import type { EncodeCostInput } from "../../converters/engine/encode-cost";
import { deadlineSeconds, type Plan, planSteps } from "../../converters/engine/plan";
import type { SourceShape } from "../../converters/engine/plan-memory";
import { findMeta } from "../../converters/registry";
import type { Env } from "../env";
import type { ReplicaRegistry } from "../replicas";
import { BEAT_EVERY_MS } from "../replicas/heartbeat";
import type { EnqueueLimits, JobQueue, JobSpec, Refused } from "./types";

export type Refusal = { status: 422 | 429 | 503; title: string; detail: string; retryAfter?: number };

export interface Admitted extends Plan {
  deadlineSeconds: number;
}

/** Output size and cost, before anything is stored: 422 with what to lower. */
export function planJob(
  env: Env,
  steps: { converter: string; params: Record<string, unknown> }[],
  source: SourceShape,
  encode: EncodeCostInput,
): Admitted | Refusal {
  try {
    const planned = steps.map((s) => {
      const meta = findMeta(s.converter);
      return { ...s, rereads: meta?.rereads, heavy: meta?.runsOn === "server" };
    });
    const plan = planSteps(planned, source, { maxOutputPixels: env.MAX_OUTPUT_PIXELS, maxJobSeconds: env.MAX_JOB_SECONDS, maxJobBytes: env.MAX_JOB_BYTES, format: encode.format, encode });
    return { ...plan, deadlineSeconds: deadlineSeconds(plan.seconds) };
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    const title = { "too-costly": "Too costly", "too-many-pixels": "Too many pixels", "too-much-memory": "Too large" }[error.code as string] ?? "Result too large";
    return { status: 422, title, detail: error.message };
  }
}

/** Conversion slots of the workers heard from lately (at least one: a worker may be restarting). */
export async function workerSlots(replicas: ReplicaRegistry): Promise<number> {
  const { now, replicas: list } = await replicas.list();
  const live = list.filter((r) => (r.role === "worker" || r.role === "embedded") && now - r.lastSeen <= 3 * BEAT_EVERY_MS);
  return Math.max(1, live.reduce((sum, r) => sum + (r.slots ?? 1), 0));
}

/** The measured speed may move the estimate, within bounds no client's jobs can push it past. */
const SPEED_BOUNDS = [0.5, 3] as const;

/**
 * Seconds a new job of this client would wait: the work ahead of it (round-robin, each other
 * client's next job and its own queued ones) ÷ measured throughput (slots ÷ measured speed).
 */
export async function expectedWait(queue: JobQueue, replicas: ReplicaRegistry, client: string) {
  const [stats, ahead, slots] = await Promise.all([queue.stats(), queue.ahead(client), workerSlots(replicas)]);
  const speed = Math.min(SPEED_BOUNDS[1], Math.max(SPEED_BOUNDS[0], stats.speedRatio));
  return { stats, slots, seconds: (ahead.seconds * speed) / slots };
}

/** Refuses when the queue cannot take the job in time: too deep, or too long a wait for this client. */
export async function queueRoom(env: Env, queue: JobQueue, replicas: ReplicaRegistry, client: string): Promise<Refusal | undefined> {
  const wait = await expectedWait(queue, replicas, client);
  if (wait.stats.depth >= env.MAX_QUEUE_DEPTH) {
    return { status: 503, title: "Queue full", detail: "Too many conversions are waiting; try again shortly.", retryAfter: 5 };
  }
  if (wait.seconds > env.MAX_QUEUE_WAIT_SECONDS) {
    const over = Math.ceil(wait.seconds - env.MAX_QUEUE_WAIT_SECONDS);
    return {
      status: 503,
      title: "Queue full",
      detail: `About ${Math.round(wait.seconds)} s of work is ahead of this job, more than the longest wait allowed (${env.MAX_QUEUE_WAIT_SECONDS} s); try again later.`,
      retryAfter: Math.max(1, over),
    };
  }
  return undefined;
}

/**
 * What admit checks for this caller. An account and an anonymous address get MAX_JOBS_PER_CLIENT;
 * an address gets twice that for its signed-in accounts together, so a household behind one NAT
 * is not one person, and thirty fresh accounts from one address are not thirty.
 */
export function admissionLimits(env: Env, signedIn: boolean): EnqueueLimits {
  const max = env.MAX_JOBS_PER_CLIENT;
  return { maxPerClient: signedIn ? 2 * max : max, maxPerAccount: max, maxQueuedBytes: env.MAX_QUEUE_BYTES, maxHeldResultBytes: env.MAX_HELD_RESULT_BYTES };
}

/** What the caller hears when admit refuses, with words that say which limit. */
export function refusalOf(env: Env, { refused, retryAfterSeconds }: Refused, { signedIn, workSeconds }: { signedIn: boolean; workSeconds: number }): Refusal {
  const max = env.MAX_JOBS_PER_CLIENT;
  // A place frees when one of the caller's jobs ends: about as long as this one would take.
  const retryAfter = Math.min(60, Math.max(2, Math.ceil(workSeconds)));
  const then = "send this one when one of them has finished.";
  switch (refused) {
    case "account-limit":
      return { status: 429, title: "Too many jobs", detail: `At most ${max} of your account's conversions can be queued or running at once, from any address; ${then}`, retryAfter };
    case "client-limit":
      return signedIn
        ? { status: 429, title: "Too many jobs", detail: `At most ${2 * max} conversions from your address, all its accounts together, can be queued or running at once; ${then}`, retryAfter }
        : { status: 429, title: "Too many jobs", detail: `At most ${max} of your conversions can be queued or running at once; ${then}`, retryAfter };
    case "held-results": {
      const wait = retryAfterSeconds ?? 5;
      return { status: 503, title: "Results waiting", detail: `Too many finished results are waiting to be collected; try again in ${wait} s.`, retryAfter: wait };
    }
    case "key-reused":
      return { status: 422, title: "Idempotency-Key reused", detail: "This Idempotency-Key was used for a different request (another image, style photo, steps or export settings); use a new key for a new request." };
    case "queue-bytes":
      return { status: 503, title: "Queue full", detail: "Too many uploads are waiting; try again shortly.", retryAfter: 5 };
  }
}

/** The request an Idempotency-Key stands for: the upload's bytes, the steps and the export fields. */
export function requestFingerprint(input: Uint8Array, spec: Pick<JobSpec, "steps" | "format" | "quality" | "metadata" | "encoder" | "targetBytes" | "gallery" | "editSession">): string {
  // Where the result is saved is part of the request too (absent fields leave older fingerprints as they were).
  const { steps, format, quality, metadata, encoder, targetBytes, gallery, editSession } = spec;
  return createHash("sha256").update(input).update(JSON.stringify({ steps, format, quality, metadata, encoder, targetBytes, gallery, editSession })).digest("base64url");
}
