// GET /api/jobs/{id}, the polling hot path: every page and client watching a job asks it about
// once a second. It is mounted ahead of the /api middleware (app.ts) and does only what a poll
// needs: no client address, no forwarded origin, no same-origin check (a read changes nothing),
// and the session is looked up only for a job someone signed in made, or when a Bearer token is
// sent (a bad one is still a 401). bench/api.ts measures it against a hello-world route.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { EXTENSION, MIME, formatOfMime } from "../../converters/engine/formats";
import { requestUser, type SessionCheck, UNAUTHORIZED_TOKEN } from "../auth/middleware";
import { type JobQueue, type JobRecord } from "../jobs/types";
import { problem, storeFailure, refuseWith } from "../problem";
import { JobId, JobProgress, problemResponse } from "../../contract/schemas";
import { HEADERS, QUEUE_UNAVAILABLE } from "../../contract/headers";

export interface JobPollDeps extends SessionCheck {
  queue: JobQueue;
}

const read = createRoute({
  method: "get",
  path: "/jobs/{id}",
  summary: "The finished image (200), progress (202), or why it failed",
  request: { params: z.object({ id: JobId }) },
  responses: {
    200: {
      description: "The finished image",
      headers: {
        [HEADERS.exportQuality]: { description: "The encoder quality used: the request's, or the one the targetBytes search chose", schema: { type: "integer" } },
        [HEADERS.exportTargetMet]: { description: "With targetBytes: false when even quality 1 was over the target (the result is then the smallest there is)", schema: { type: "boolean" } },
      },
      content: { "image/*": { schema: z.string().openapi({ format: "binary" }) } },
    },
    202: { description: "In progress; poll again after Retry-After", content: { "application/json": { schema: JobProgress } } },
    404: problemResponse("Unknown, expired or cancelled"),
    422: problemResponse("The image turned out to be damaged, or the encoded result is over MAX_RESULT_BYTES"),
    500: problemResponse("The converter failed"),
    502: problemResponse("The workers running the job were lost; Retry-After"),
    503: problemResponse("The job waited in the queue past MAX_QUEUE_WAIT_SECONDS (send it again after Retry-After), or the job store is unreachable for a moment (poll again after Retry-After)"),
    504: problemResponse("The conversion ran past its deadline (set from its estimated cost) and was stopped; Retry-After"),
  },
});

/** A job is visible to anyone with its id, unless a logged-in user made it; then only to them. */
export function visible(job: JobRecord | undefined, userId: string | undefined): job is JobRecord {
  return !!job && job.status !== "cancelled" && (!job.ownerId || job.ownerId === userId);
}

/**
 * Seconds left, from the measured rate of progress: the time between its first and its latest
 * rise, over the work done in it. Model loading and queueing before the first step are not
 * counted as progress. Unknown until progress has risen twice.
 */
export function etaSeconds(job: JobRecord, now: number): number | undefined {
  if (job.status !== "running" || job.progressStartedAt === undefined || job.progressAt === undefined) return undefined;
  const done = job.progress - (job.progressStart ?? 0);
  if (done <= 0 || job.progressAt <= job.progressStartedAt) return undefined;
  const perUnit = (job.progressAt - job.progressStartedAt) / done;
  return Math.max(0, (perUnit * (1 - job.progress) - (now - job.progressAt)) / 1000);
}

/** Retry-After for a job in progress, queued or running. */
export const POLL_SECONDS = 1;

/** A failure here is the job store's (Redis down or restarting): poll again shortly, not a 500. */
function storeDown(c: Context, error: unknown) {
  console.warn(`jobs: ${storeFailure(error)}`);
  return problem(c, 503, QUEUE_UNAVAILABLE, "Conversions are paused for a moment; try again shortly.", { [HEADERS.retryAfter]: "5" });
}

export function jobPollRoute({ queue, tokens, sessions }: JobPollDeps) {
  const app = new OpenAPIHono();
  // Failures are caught here, not by an onError: a sub-app's error handler wraps every request in a compose.
  // An id the schema refuses (over 64 characters) names no job: 404, as an unknown one.
  app.openapi(read, (c) => answer(c, c.req.valid("param").id).catch((error: unknown) => storeDown(c, error)), refuseWith("Not found", "No such job, or it has expired.", 404));
  return app;

  async function answer(c: Context, id: string) {
    const job = await queue.get(id);
    let userId: string | undefined;
    if (job?.ownerId || c.req.header("authorization")) {
      const { claims, invalid } = await requestUser({ tokens, sessions }, c);
      if (invalid) return problem(c, 401, "Unauthorized", UNAUTHORIZED_TOKEN);
      userId = claims?.id;
    }
    if (!visible(job, userId)) return problem(c, 404, "Not found", "No such job, or it has expired.");
    if (job.status === "queued" || job.status === "running") {
      const queuePosition = job.status === "queued" ? await queue.position(id) : undefined;
      const eta = etaSeconds(job, Date.now());
      // Each second: a running job's progress is written as it moves (at least twice a second,
      // worker/runner.ts), and a page watching it shows it moving; a queued one's place changes.
      const body = { id: job.id, status: job.status, progress: job.progress, ...(eta !== undefined && { etaSeconds: Math.round(eta) }), ...(queuePosition !== undefined && { queuePosition }) };
      // A Response with plain headers: Node's server writes it without building a Headers object.
      return new Response(JSON.stringify(body), { status: 202, headers: { "Content-Type": "application/json", [HEADERS.retryAfter]: String(POLL_SECONDS), "Cache-Control": "no-store" } });
    }
    if (job.status === "failed") {
      const e = job.error ?? { status: 500, title: "Conversion failed", detail: "The converter failed." };
      // Lost workers, a long wait and timeouts are worth a retry of the conversion; a converter's 500 is not.
      return problem(c, e.status as 500, e.title, e.detail, [502, 503, 504].includes(e.status) ? { [HEADERS.retryAfter]: "5" } : {});
    }
    const data = await queue.getResult(id);
    if (!data) return problem(c, 404, "Not found", "The result is no longer kept: it expired, or its address left more finished results uncollected than it may hold, and the oldest were dropped.");
    const format = formatOfMime(job.resultMime) ?? "png";
    const base = (job.fileName ?? "image").replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "image";
    return new Response(data as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        "Content-Type": job.resultMime ?? MIME[format],
        "Content-Disposition": `inline; filename="${base}-${job.converter.replaceAll(",", "-")}.${EXTENSION[format]}"`,
        "Cache-Control": "private, no-store",
        ...(job.galleryId && { [HEADERS.galleryId]: job.galleryId }),
        ...(job.exported && { [HEADERS.exportQuality]: String(job.exported.quality) }),
        ...(job.exported?.targetMet !== undefined && { [HEADERS.exportTargetMet]: String(job.exported.targetMet) }),
      },
    });
  }
}
