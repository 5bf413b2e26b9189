// A job as the Redis adapter stores it. The Lua scripts decode and re-encode records with cjson,
// which writes every empty table as an object: an export alone's "steps": [] came back as
// "steps": {} and its worker failed. So the scripts see only the scalars they work with; what
// the client asked for (the spec) and how the job ended (the outcome) stay inside JSON strings
// they store but never decode. A field a script must read belongs in QUEUE_FIELDS.
import type { JobProblem, JobRecord } from "./types";

const QUEUE_FIELDS = [
  "id",
  "client",
  "account",
  "ownerId",
  "status",
  "progress",
  "attempts",
  "createdAt",
  "updatedAt",
  "startedAt",
  "finishedAt",
  "workerId",
  "inputBytes",
  "waitUntil",
  "workSeconds",
  "progressStartedAt",
  "progressStart",
  "progressAt",
  "runSeconds",
  "resultBytes",
] as const satisfies readonly (keyof JobRecord)[];

type QueueField = (typeof QUEUE_FIELDS)[number];

/** What a finished job adds besides its status, set by the worker or by a script (a lost worker). */
export type Outcome = Partial<Pick<JobRecord, "error" | "resultMime" | "galleryId" | "exported">>;

export type StoredJob = Pick<JobRecord, QueueField> & { spec: string; outcome?: string };

export function toStored(record: JobRecord): string {
  const scalars: Record<string, unknown> = {};
  const spec: Record<string, unknown> = { ...record };
  for (const field of QUEUE_FIELDS) {
    if (field in spec) scalars[field] = spec[field];
    delete spec[field];
  }
  return JSON.stringify({ ...scalars, spec: JSON.stringify(spec) });
}

/** Records written before the split (still there during a rolling upgrade) have no spec: they are whole. */
export function fromStored(json: string): JobRecord {
  const { spec, outcome, ...scalars } = JSON.parse(json) as Partial<StoredJob>;
  return { ...(spec ? (JSON.parse(spec) as object) : {}), ...(outcome ? (JSON.parse(outcome) as Outcome) : {}), ...scalars } as JobRecord;
}

export const failedOutcome = (problem: JobProblem) => JSON.stringify({ error: problem } satisfies Outcome);
