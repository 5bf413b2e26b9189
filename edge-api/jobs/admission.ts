// What a conversion may ask before it is queued: its output size and cost from the header and
// params (converters/plan.ts), the queue's expected wait, and the client's share.
import { ConversionError } from "../../converters/errors";
import type { EncodeCostInput } from "../../converters/encode-cost";
import { deadlineSeconds, type Plan, planSteps } from "../../converters/plan";
import type { SourceShape } from "../../converters/plan-memory";
import { findMeta } from "../../converters/registry";
import type { Env } from "../env";
import type { ReplicaRegistry } from "../replicas";
import { BEAT_EVERY_MS } from "../replicas/heartbeat";
import type { JobQueue } from "./types";

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
