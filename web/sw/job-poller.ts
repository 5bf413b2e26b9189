/// <reference lib="webworker" />
// The one poller for every tab: server jobs live in IndexedDB, so a reload, a new tab or a
// restarted service worker picks them up where they were. Polls honour Retry-After.
import { pollOnce, submitJob } from "../../contract/client";
import { api } from "../jobs/api";
import { contractRequest, requestSteps } from "../jobs/http";
import { activeJobs, deleteJob, getJob, JOBS_CHANNEL, type JobEntry, type JobMessage, putJob } from "../jobs/store";

declare const self: ServiceWorkerGlobalScope;

const channel = new BroadcastChannel(JOBS_CHANNEL);
const OFFLINE_RETRY_MS = 3000;
let loop: Promise<void> | undefined;
let wake: (() => void) | undefined;

/** A pause that a new job (a kick) cuts short, so it is sent at once rather than after the wait. */
const nap = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => (clearTimeout(timer), resolve());
  });
const credentials = (job: JobEntry): RequestCredentials => (job.owned ? "same-origin" : "omit");

async function save(job: JobEntry) {
  await putJob(job);
  const message: JobMessage = { type: "job", key: job.key, state: job.state, progress: job.progress, etaSeconds: job.etaSeconds, error: job.error };
  channel.postMessage(message);
}

async function submit(job: JobEntry) {
  let submitted: Awaited<ReturnType<typeof submitJob>>;
  try {
    submitted = await submitJob(api, contractRequest(job.request), { credentials: credentials(job), idempotencyKey: job.key });
  } catch {
    return save({ ...job, state: "waiting-network", nextPollAt: Date.now() + OFFLINE_RETRY_MS });
  }
  // Most pixel jobs take well under a second: the first look is soon, then Retry-After rules.
  if ("job" in submitted) return save({ ...job, id: submitted.job.id, state: "queued", nextPollAt: Date.now() + 250 });
  const { status, retryAfter, message } = submitted.refused;
  if ((status === 429 || status === 503) && retryAfter) return save({ ...job, nextPollAt: Date.now() + retryAfter * 1000 });
  return save({ ...job, state: "failed", error: message });
}

async function poll(job: JobEntry) {
  const sent = Date.now();
  let answer: Awaited<ReturnType<typeof pollOnce>>;
  try {
    answer = await pollOnce(api, job.id!, { credentials: credentials(job) });
  } catch {
    return save({ ...job, nextPollAt: Date.now() + OFFLINE_RETRY_MS });
  }
  if (answer.state === "waiting") {
    const { status, progress, etaSeconds } = answer.progress;
    // Counted from the poll, not its answer: Retry-After: 1 (a job in progress) means a poll each second.
    return save({ ...job, state: status, progress, etaSeconds, nextPollAt: sent + Math.max(1, answer.retryAfter) * 1000 });
  }
  if (answer.state === "done") {
    const { blob, galleryId, exported } = answer.result;
    await save({ ...job, state: "done", progress: 1, etaSeconds: undefined, result: blob, galleryId, exported });
    return notify(job);
  }
  await save({ ...job, state: "failed", error: answer.problem.message });
}

/** A notification only when no tab of ours is visible, and only with the user's permission. */
async function notify(job: JobEntry) {
  const windows = await self.clients.matchAll({ type: "window" });
  if (windows.some((w) => w.visibilityState === "visible") || Notification.permission !== "granted") return;
  await self.registration.showNotification("Your image is ready", {
    body: `${requestSteps(job.request).map((s) => s.converter).join(" → ")} of ${job.request.fileName} has finished.`,
    tag: job.key,
    icon: "/icons/icon-192.png",
    data: { key: job.key },
  });
}

async function run() {
  for (;;) {
    const jobs = await activeJobs();
    if (!jobs.length) return;
    for (const job of jobs.filter((j) => j.nextPollAt <= Date.now())) {
      // Re-read: a tab may have cancelled it meanwhile.
      const current = await getJob(job.key);
      if (current) await (current.id ? poll(current) : submit(current));
    }
    const next = Math.min(...(await activeJobs()).map((j) => j.nextPollAt));
    await nap(Math.min(10_000, Math.max(50, next - Date.now())));
  }
}

/** Starts the loop unless it runs; the promise lasts while any job is active. */
export function kick(): Promise<void> {
  wake?.();
  loop ??= run().finally(() => (loop = undefined));
  return loop;
}

export async function cancel(key: string) {
  const job = await getJob(key);
  await deleteJob(key);
  channel.postMessage({ type: "gone", key } satisfies JobMessage);
  if (job?.id && job.state !== "done" && job.state !== "failed") {
    await api.DELETE("/api/jobs/{id}", { params: { path: { id: job.id } }, credentials: credentials(job) }).catch(() => {});
  }
}

export function openJobFromNotification(event: NotificationEvent) {
  event.notification.close();
  const data: { key?: string } | undefined = event.notification.data;
  const key = data?.key;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const url = `/?job=${encodeURIComponent(key ?? "")}`;
      const open = windows[0];
      if (open) {
        await open.focus();
        await open.navigate(url).catch(() => {});
      } else await self.clients.openWindow(url);
    })(),
  );
}
