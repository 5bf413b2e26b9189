// IndexedDB, shared by the pages and the service worker: server jobs (so polling survives a
// reload, a new tab and a restarted service worker), the editor's session, and shared photos.
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { ConversionRequest, JobResult } from "../../contract/client";

export type JobState = "waiting-network" | "submitting" | "queued" | "running" | "done" | "failed";

/** The contract's job, with what the editor keeps beside it. */
export interface JobRequest extends Omit<ConversionRequest, "steps"> {
  /** The chain, run as one job. */
  steps: { converter: string; params?: Record<string, unknown>; enabled?: boolean }[];
  /** Undo and redo, kept across a reload. */
  past?: EditorSession["steps"][];
  future?: EditorSession["steps"][];
  /** The heavy steps the user pressed Run for, so a reload does not start them unasked, nor stop them. */
  approved?: string;
}

/** What the server says of an export: the quality used (chosen, with a target size) and whether the target was met. */
export type ExportFacts = JobResult["exported"];

export interface JobEntry {
  /** Made by the page; also the job's Idempotency-Key, so a resubmission finds the same job. */
  key: string;
  /** Same photo, step and settings: the same job, so a reloaded page resumes rather than restarts. */
  dedupe: string;
  request: JobRequest;
  /** Sent with the session cookie, so the worker saves it to the user's gallery. */
  owned: boolean;
  id?: string;
  state: JobState;
  progress: number;
  etaSeconds?: number;
  nextPollAt: number;
  result?: Blob;
  galleryId?: string;
  /** From the finished job's Export-Quality and Export-Target-Met headers. */
  exported?: ExportFacts;
  error?: string;
  createdAt: number;
  updatedAt: number;
}

/** The photo being edited, kept apart from the settings so it is written once per photo. */
export interface SavedSource {
  name: "source";
  blob: Blob;
  fileName: string;
  /** Stable per opened photo: part of every job's dedupe key. */
  id: string;
}

export interface EditorSession {
  name: "editor";
  sourceId: string;
  steps: { converter: string; params?: Record<string, unknown>; enabled?: boolean }[];
  /** Undo and redo, kept across a reload. */
  past?: EditorSession["steps"][];
  future?: EditorSession["steps"][];
  /** The heavy steps the user pressed Run for, so a reload does not start them unasked, nor stop them. */
  approved?: string;
  format?: string;
  quality: number;
  where: "device" | "server";
  /** Export settings beyond format and quality (web/editor/export/choice.ts). */
  metadata?: string;
  encoder?: { format: string; options: Record<string, unknown> };
  targetKB?: number;
}

interface Schema extends DBSchema {
  jobs: { key: string; value: JobEntry; indexes: { dedupe: string; state: JobState } };
  session: { key: string; value: EditorSession | SavedSource };
  shared: { key: string; value: { name: "incoming"; file: Blob; fileName: string } };
}

let db: Promise<IDBPDatabase<Schema>> | undefined;
export function openStore(): Promise<IDBPDatabase<Schema>> {
  db ??= openDB<Schema>("image-editor", 1, {
    upgrade(database) {
      const jobs = database.createObjectStore("jobs", { keyPath: "key" });
      jobs.createIndex("dedupe", "dedupe");
      jobs.createIndex("state", "state");
      database.createObjectStore("session", { keyPath: "name" });
      database.createObjectStore("shared", { keyPath: "name" });
    },
  });
  return db;
}

export const ACTIVE: readonly JobState[] = ["waiting-network", "submitting", "queued", "running"];

export async function activeJobs(): Promise<JobEntry[]> {
  const all = await (await openStore()).getAll("jobs");
  return all.filter((j) => ACTIVE.includes(j.state));
}

export async function getJob(key: string) {
  return (await openStore()).get("jobs", key);
}

export async function putJob(job: JobEntry) {
  await (await openStore()).put("jobs", { ...job, updatedAt: Date.now() });
}

export async function deleteJob(key: string) {
  await (await openStore()).delete("jobs", key);
}

/** The newest job for this photo, step and settings that has not failed. */
export async function findJob(dedupe: string): Promise<JobEntry | undefined> {
  const matches = await (await openStore()).getAllFromIndex("jobs", "dedupe", dedupe);
  return matches.filter((j) => j.state !== "failed").sort((a, b) => b.createdAt - a.createdAt)[0];
}

/** Finished jobs are kept a while (a reload shows their result), then dropped. */
export async function pruneJobs(olderThanMs = 60 * 60_000) {
  const store = await openStore();
  for (const job of await store.getAll("jobs")) {
    if (!ACTIVE.includes(job.state) && Date.now() - job.updatedAt > olderThanMs) await store.delete("jobs", job.key);
  }
}

export const JOBS_CHANNEL = "image-editor-jobs";

/** What the service worker tells every tab; the page reads blobs from IndexedDB itself. */
export type JobMessage = { type: "job"; key: string; state: JobState; progress: number; etaSeconds?: number; error?: string } | { type: "gone"; key: string };

export type ToWorker = { type: "kick" } | { type: "keepalive" } | { type: "cancel"; key: string } | { type: "logout" };
