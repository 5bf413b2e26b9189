/// <reference lib="webworker" />
// The one poller for every tab: server jobs live in IndexedDB, so a reload, a new tab or a
// restarted service worker picks them up where they were. Polls honour Retry-After.
import { exportFacts, jobForm, problemText, requestSteps } from "../jobs/http";
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
  const body = jobForm(job.request);
  let res: Response;
  try {
    res = await fetch("/api/conversions", { method: "POST", body, credentials: credentials(job), headers: { "Idempotency-Key": job.key } });
  } catch {
    return save({ ...job, state: "waiting-network", nextPollAt: Date.now() + OFFLINE_RETRY_MS });
  }
  if (res.status === 202) {
    const { id } = (await res.json()) as { id: string };
    // Most pixel jobs take well under a second: the first look is soon, then Retry-After rules.
    return save({ ...job, id, state: "queued", nextPollAt: Date.now() + 250 });
  }
  const retryAfter = Number(res.headers.get("Retry-After"));
  if ((res.status === 429 || res.status === 503) && retryAfter > 0) return save({ ...job, nextPollAt: Date.now() + retryAfter * 1000 });
  return save({ ...job, state: "failed", error: await problemText(res) });
}

async function poll(job: JobEntry) {
  let res: Response;
  const sent = Date.now();
  try {
    res = await fetch(`/api/jobs/${job.id}`, { cache: "no-store", credentials: credentials(job) });
  } catch {
    return save({ ...job, nextPollAt: Date.now() + OFFLINE_RETRY_MS });
  }
  if (res.status === 202) {
    const { status, progress, etaSeconds } = (await res.json()) as { status: "queued" | "running"; progress: number; etaSeconds?: number };
    const retryAfter = Math.max(1, Number(res.headers.get("Retry-After")) || 1);
    // Counted from the poll, not its answer: Retry-After: 1 (a job in progress) means a poll each second.
    return save({ ...job, state: status, progress, etaSeconds, nextPollAt: sent + retryAfter * 1000 });
  }
  if (res.status === 200) {
    const result = await res.blob();
    await save({ ...job, state: "done", progress: 1, etaSeconds: undefined, result, galleryId: res.headers.get("X-Gallery-Id") ?? undefined, exported: exportFacts(res) });
    return notify(job);
  }
  await save({ ...job, state: "failed", error: await problemText(res) });
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
    await fetch(`/api/jobs/${job.id}`, { method: "DELETE", credentials: credentials(job) }).catch(() => {});
  }
}

export function openJobFromNotification(event: NotificationEvent) {
  event.notification.close();
  const key = (event.notification.data as { key?: string } | undefined)?.key;
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
