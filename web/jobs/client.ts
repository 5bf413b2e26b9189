"use client";
// The page's side of the service-worker poller: a job is written to IndexedDB, the worker is
// nudged, and updates arrive on a BroadcastChannel that every tab hears.
import { type ExportFacts, findJob, getJob, JOBS_CHANNEL, type JobEntry, type JobMessage, type JobRequest, putJob, type ToWorker } from "./store";

export interface JobUpdate {
  progress: number;
  etaSeconds?: number;
  waitingForNetwork: boolean;
}

/** Pages hand jobs to the service worker only once it controls them (not on a first visit). */
export const workerPolls = () => typeof navigator !== "undefined" && !!navigator.serviceWorker?.controller;
const tell = (message: ToWorker) => navigator.serviceWorker?.controller?.postMessage(message);

// While any job is watched, the page pings the worker: Chromium ends an idle one after ~30 s.
let watched = 0;
let pinger: ReturnType<typeof setInterval> | undefined;
const hold = () => {
  if (watched++ === 0) pinger = setInterval(() => tell({ type: "keepalive" }), 10_000);
};
const release = () => {
  if (--watched === 0) clearInterval(pinger);
};

async function askForSync() {
  const registration: ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } } = await navigator.serviceWorker.ready;
  await registration.sync?.register("jobs").catch(() => {});
}

/**
 * Runs one job through the service worker, or joins the one already running for the same
 * photo, step and settings (a reload, a second tab). Aborting cancels it.
 */
export async function runInWorker(
  request: JobRequest,
  dedupe: string,
  owned: boolean,
  onUpdate: (update: JobUpdate) => void,
  signal: AbortSignal,
): Promise<{ blob: Blob; galleryId?: string; exported?: ExportFacts }> {
  let job = await findJob(dedupe);
  if (!job) {
    const now = Date.now();
    job = { key: crypto.randomUUID(), dedupe, request, owned, state: "submitting", progress: 0, nextPollAt: 0, createdAt: now, updatedAt: now };
    await putJob(job);
    if (!navigator.onLine) void askForSync();
  }
  const { key } = job;
  tell({ type: "kick" });
  hold();
  const channel = new BroadcastChannel(JOBS_CHANNEL);
  try {
    return await new Promise((resolve, reject) => {
      const settle = (entry: JobEntry | undefined): boolean => {
        if (!entry) return reject(new Error("The job was cancelled.")), true;
        onUpdate({ progress: entry.progress, etaSeconds: entry.etaSeconds, waitingForNetwork: entry.state === "waiting-network" });
        if (entry.state === "done" && entry.result) return resolve({ blob: entry.result, galleryId: entry.galleryId, exported: entry.exported }), true;
        if (entry.state === "failed") return reject(new Error(entry.error ?? "The conversion failed.")), true;
        return false;
      };
      channel.onmessage = (event: MessageEvent<JobMessage>) => {
        if (event.data.key === key) void getJob(key).then(settle);
      };
      signal.addEventListener(
        "abort",
        () => {
          tell({ type: "cancel", key });
          reject(signal.reason);
        },
        { once: true },
      );
      void getJob(key).then(settle);
    });
  } finally {
    channel.close();
    release();
  }
}

/** Forget the signed-in user's offline gallery (log out, or another user logs in). */
export const forgetUserCache = () => tell({ type: "logout" });
