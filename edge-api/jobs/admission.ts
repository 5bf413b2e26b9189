// What a conversion may ask before it is queued: its output size and cost from the header and
// params (converters/plan.ts), the queue's expected wait, and the client's share.
import { ConversionError } from "../../converters/errors";
import type { OutputFormat } from "../../converters/formats";
import { deadlineSeconds, type Plan, planSteps } from "../../converters/plan";
import type { Env } from "../env";
import type { ReplicaRegistry } from "../replicas";
import { BEAT_EVERY_MS } from "../replicas/heartbeat";
import type { JobQueue } from "./types";

export type Refusal = { status: 422 | 429 | 503; title: string; detail: string; retryAfter?: number };

export interface Admitted extends Plan {
  deadlineSeconds: number;
}

/** Output size and cost, before anything is stored: 422 with what to lower. */
export function planJob(env: Env, step: { converter: string; params: Record<string, unknown> }, size: { width: number; height: number }, format: OutputFormat): Admitted | Refusal {
  try {
    const plan = planSteps([step], size, { maxOutputPixels: env.MAX_OUTPUT_PIXELS, maxJobSeconds: env.MAX_JOB_SECONDS, format });
    return { ...plan, deadlineSeconds: deadlineSeconds(plan.seconds) };
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    return { status: 422, title: error.code === "too-costly" ? "Too costly" : "Result too large", detail: error.message };
  }
}

/** Conversion slots of the workers heard from lately (at least one: a worker may be restarting). */
export async function workerSlots(replicas: ReplicaRegistry): Promise<number> {
  const { now, replicas: list } = await replicas.list();
  const live = list.filter((r) => (r.role === "worker" || r.role === "embedded") && now - r.lastSeen <= 3 * BEAT_EVERY_MS);
  return Math.max(1, live.reduce((sum, r) => sum + (r.slots ?? 1), 0));
}

/** Seconds until the queue's current work is done: queued work ÷ measured throughput. */
export async function expectedWait(queue: JobQueue, replicas: ReplicaRegistry) {
  const [stats, slots] = await Promise.all([queue.stats(), workerSlots(replicas)]);
  return { stats, slots, seconds: (stats.queuedSeconds * stats.speedRatio) / slots };
}

/** Refuses when the queue cannot take the job in time: too deep, too many bytes, or too long a wait. */
export async function queueRoom(env: Env, queue: JobQueue, replicas: ReplicaRegistry): Promise<Refusal | undefined> {
  const wait = await expectedWait(queue, replicas);
  if (wait.stats.depth >= env.MAX_QUEUE_DEPTH) {
    return { status: 503, title: "Queue full", detail: "Too many conversions are waiting; try again shortly.", retryAfter: 5 };
  }
  if (wait.seconds > env.MAX_QUEUE_WAIT_SECONDS) {
    const over = Math.ceil(wait.seconds - env.MAX_QUEUE_WAIT_SECONDS);
    return {
      status: 503,
      title: "Queue full",
      detail: `The queue holds about ${Math.round(wait.seconds)} s of work, more than the longest wait allowed (${env.MAX_QUEUE_WAIT_SECONDS} s); try again later.`,
      retryAfter: Math.max(1, over),
    };
  }
  return undefined;
}
