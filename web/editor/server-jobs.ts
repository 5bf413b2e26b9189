import { formatOfMime, type OutputFormat } from "../../converters/engine/formats";
import type { Step } from "../../converters/engine/pipeline";
import { runInWorker, workerPolls } from "../jobs/client";
import type { ExportRequest } from "../../converters/engine/export-image";
import { type JobResult, pollJob, submitJob } from "../../contract/client";
import { api } from "../jobs/api";
import { contractRequest } from "../jobs/http";
import type { ExportFacts, JobRequest } from "../jobs/store";

export interface ServerResult {
  blob: Blob;
  format: OutputFormat;
  /** Set when the job was the signed-in user's and the worker saved it to their gallery. */
  galleryId?: string;
  /** The quality the server used (its choice, with a target size) and whether the target was met. */
  exported?: ExportFacts;
}

export type ProgressReport = (progress: number, etaSeconds?: number, waitingForNetwork?: boolean) => void;

/** Whether the worker saves the job to the gallery (automatic saving), or the user will. */
const saveMode = (save: boolean): "save" | "skip" => (save ? "save" : "skip");

/** Without a service worker (a first visit): the page submits and polls the job itself. */
async function runHere(request: JobRequest, owned: boolean, onProgress: (p: number, eta?: number) => void, signal: AbortSignal): Promise<JobResult> {
  const credentials: RequestCredentials = owned ? "same-origin" : "omit";
  const submitted = await submitJob(api, contractRequest(request), { signal, credentials });
  if ("refused" in submitted) throw submitted.refused;
  const { id } = submitted.job;
  const cancel = () => void api.DELETE("/api/jobs/{id}", { params: { path: { id } }, keepalive: true, credentials });
  signal.addEventListener("abort", cancel, { once: true });
  try {
    return await pollJob(api, id, { signal, credentials, onProgress: ({ progress, etaSeconds }) => onProgress(progress, etaSeconds) });
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}

/**
 * Runs a pipeline as one server job: the worker decodes once, runs every step (heavy ones
 * included) and encodes once in `format`. With a service worker in control, it submits and
 * polls (one poller for all tabs, resumed after a reload: `dedupe` names the job); otherwise
 * the page does. Aborting cancels the job. `owned` jobs carry the session cookie: only the user
 * may read them, and the worker saves them to the user's gallery when `gallery.save` says so
 * (automatic saving), as a version of the editing session's item.
 */
export async function runOnServer(
  input: Blob,
  fileName: string,
  steps: Step[],
  output: ExportRequest & { quality: number },
  onProgress: ProgressReport,
  signal: AbortSignal,
  owned = false,
  dedupe?: string,
  gallery?: { save: boolean; editSession: string },
  style?: Blob,
): Promise<ServerResult> {
  const request: JobRequest = {
    image: input,
    fileName,
    steps: steps.map((s) => ({ converter: s.converter, params: s.params ?? {} })),
    format: output.format,
    quality: output.quality,
    metadata: output.metadata,
    encoder: output.encoder,
    targetBytes: output.targetBytes,
    ...(owned && gallery && { gallery: saveMode(gallery.save), editSession: gallery.editSession }),
    ...(style && { style }),
  };
  const report = (p: number, eta?: number, waiting = false) => onProgress(p, eta, waiting);
  const done =
    workerPolls() && dedupe
      ? await runInWorker(request, `${dedupe}|${owned}|${request.gallery ?? ""}`, owned, (u) => report(u.progress, u.etaSeconds, u.waitingForNetwork), signal)
      : await runHere(request, owned, report, signal);
  report(1);
  return { blob: done.blob, format: formatOfMime(done.blob.type) ?? "png", galleryId: done.galleryId, exported: done.exported };
}
