import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { OutputFormat } from "../../converters/engine/formats";
import { defaultFormatFor } from "../../converters/engine/output-format";
import type { Store } from "hono-rate-limiter";
import { formatBytes } from "../bytes";
import { exportFields } from "../export-fields";
import { type ClientVariables, addressKey, clientKey } from "../client";
import type { Env } from "../env";
import { admissionLimits, planJob, queueRoom, refusalOf, requestFingerprint } from "../jobs/admission";
import { type JobQueue, jobSteps } from "../jobs/types";
import { visible } from "./job-poll";
import type { Metrics } from "../metrics";
import { problem, storeFailure } from "../problem";
import { conversionRateLimits } from "../rate-limit";
import type { ReplicaRegistry } from "../replicas";
import { ConversionForm, EncoderOptions, JobAccepted, JobId, problemResponse } from "../../contract/schemas";
import { chainLabel, readsAttachment, stepsOfForm } from "../steps";
import { checkUpload } from "../uploads";
import { packJobFiles } from "../../converters/engine/job-files";
import { HEADERS, QUEUE_UNAVAILABLE } from "../../contract/headers";

export interface JobRoutesDeps {
  env: Env;
  queue: JobQueue;
  replicas: ReplicaRegistry;
  metrics?: Pick<Metrics, "jobs">;
  /** Shared rate-limit counts (Redis); unset, each process counts its own. */
  rateLimitStore?: Store;
}

const create = createRoute({
  method: "post",
  path: "/conversions",
  summary: "Start a conversion job",
  request: {
    body: { required: true, content: { "multipart/form-data": { schema: ConversionForm } } },
    headers: z.object({
      "idempotency-key": z
        .string()
        .max(200)
        .optional()
        .openapi({ description: "The same key from the same caller (the account when signed in, else the address) returns the same job while it lives; with another image, style photo, steps or export settings it is 422" }),
    }),
  },
  responses: {
    202: { description: "Accepted; poll the Location", content: { "application/json": { schema: JobAccepted } } },
    400: problemResponse("Unknown converter, invalid params, or a malformed or over-long (MAX_STEPS) steps array; a style file no step reads, or a step reading one not sent"),
    413: problemResponse("Over the upload limit (the image and the style photo together)"),
    415: problemResponse("Not an image type we decode"),
    422: problemResponse(
      "Undecodable image; more input pixels than MAX_PIXELS; a result over MAX_OUTPUT_PIXELS, thinner than a pixel or too wide for the format; or an estimated run time over MAX_JOB_SECONDS (the detail says what to lower). Refused before any work. Also an Idempotency-Key this caller used for a different request.",
    ),
    429: problemResponse(
      "Too many conversions a minute (RATE_LIMIT_PER_MINUTE per account or anonymous address; twice that from an address for all its accounts together), or MAX_JOBS_PER_CLIENT jobs of this account or anonymous address already queued or running (twice that for an address's accounts together); the detail says which. Retry after Retry-After",
    ),
    503: problemResponse(
      "Queue full: MAX_QUEUE_DEPTH jobs or MAX_QUEUE_BYTES of uploads waiting, or an expected wait (queued work ÷ measured throughput) over MAX_QUEUE_WAIT_SECONDS; MAX_HELD_RESULT_BYTES of finished results waiting to be collected (Retry-After: until enough of them expire); or the job store unreachable. Retry after Retry-After",
    ),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/jobs/{id}",
  summary: "Cancel a job, or free its result",
  request: { params: z.object({ id: JobId }) },
  responses: { 204: { description: "Cancelled" }, 404: problemResponse("Unknown or expired"), 503: problemResponse("The job store is unreachable; retry after Retry-After") },
});

export function jobRoutes({ env, queue, replicas, metrics, rateLimitStore }: JobRoutesDeps) {
  const app = new OpenAPIHono<{ Variables: ClientVariables }>();
  // Every failure left here is the job store's (Redis down or restarting): worth a retry, not a
  // 500. Uploads are refused before anything is stored, and a poll finds its job again after.
  app.onError((error, c) => {
    // A body the form parser cannot read (not multipart, truncated): problem details like the rest.
    if (error instanceof HTTPException) return problem(c, error.status as 400, error.status === 415 ? "Unsupported media type" : "Invalid request", error.message || "The request body cannot be read.");
    console.warn(`jobs: ${storeFailure(error)}`);
    return problem(c, 503, QUEUE_UNAVAILABLE, "Conversions are paused for a moment; try again shortly.", { [HEADERS.retryAfter]: "5" });
  });
  // Multipart framing adds a little to the file; anything far beyond the limit is refused unread.
  app.use("/conversions", ...conversionRateLimits({ limit: env.RATE_LIMIT_PER_MINUTE, store: rateLimitStore }));
  app.use(
    "/conversions",
    bodyLimit({
      maxSize: env.MAX_UPLOAD_BYTES + 64 * 1024,
      onError: (c) => problem(c, 413, "Payload too large", `Uploads are limited to ${formatBytes(env.MAX_UPLOAD_BYTES)}.`),
    }),
  );

  app.openAPIRegistry.register("EncoderOptions", EncoderOptions);
  app.openapi(create, async (c) => {
    const form = c.req.valid("form");
    const file = form.image as unknown;
    if (!(file instanceof File)) return problem(c, 400, "Missing image", "Send the image as the multipart field \"image\".");
    const styleFile = form.style as unknown;
    if (Array.isArray(styleFile)) return problem(c, 400, "Invalid style", 'Send one style photo: the multipart field "style" came more than once.');
    if (styleFile !== undefined && !(styleFile instanceof File)) return problem(c, 400, "Invalid style", "Send the style photo as a file in the multipart field \"style\".");
    const steps = stepsOfForm(form, new Set(styleFile ? ["style"] : []));
    if (typeof steps === "string") return problem(c, 400, /^No converter|converter id/.test(steps) ? "Unknown converter" : "Invalid params", steps);
    const readsStyle = readsAttachment(steps, "style");
    if (styleFile && !readsStyle) return problem(c, 400, "Unused style", 'A style photo was sent, but no step reads it: add a style-transfer step with style "upload".');
    if (readsStyle && !styleFile) return problem(c, 400, "Missing style", 'A style-transfer step names style "upload": send the style photo as the multipart field "style", or name a shipped style.');
    const quality = form.quality === undefined ? undefined : Number(form.quality);
    if (quality !== undefined && !(Number.isInteger(quality) && quality >= 1 && quality <= 100)) {
      return problem(c, 400, "Invalid quality", "quality must be an integer from 1 to 100.");
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const check = checkUpload(bytes, { maxBytes: env.MAX_UPLOAD_BYTES, maxPixels: env.MAX_PIXELS });
    if (!check.ok) return problem(c, check.status, check.title, check.detail);
    const style = styleFile instanceof File ? await styleUpload(styleFile, bytes.length, env) : undefined;
    if (style && "status" in style) return problem(c, style.status, style.title, style.detail);
    const stored = packJobFiles({ image: bytes, ...(style && { attachments: { style: style.bytes } }) });
    const format: OutputFormat = form.format ?? defaultFormatFor(check.format, steps);
    const exported = exportFields(form, format, quality);
    if (typeof exported === "string") return problem(c, 400, "Invalid export settings", exported);
    const plan = planJob(env, steps, check, exported.encode);
    if ("status" in plan) return problem(c, plan.status, plan.title, plan.detail);
    // The job's lane is its address, whoever is signed in; a signed-in job also counts for its account.
    const address = addressKey(c);
    const userId = c.get("userId");
    const full = await queueRoom(env, queue, replicas, address);
    if (full) return problem(c, full.status, full.title, full.detail, { [HEADERS.retryAfter]: String(full.retryAfter ?? 5) });
    const idempotencyKey = c.req.valid("header")["idempotency-key"];
    const spec = { converter: chainLabel(steps), params: steps[0]?.params ?? {}, steps, ...exported.fields, ownerId: userId, fileName: file.name, ...(userId && form.gallery && { gallery: form.gallery }), ...(userId && form.editSession && { editSession: form.editSession }), client: address, account: userId && clientKey(c), workSeconds: plan.seconds, deadlineSeconds: plan.deadlineSeconds };
    const queued = await queue.admit(spec, stored, admissionLimits(env, !!userId), {
      // Scoped to the caller's identity (its account, else its address): its retries from a new
      // address find the job, and one client's key can never return another's.
      idempotencyKey: idempotencyKey && `${clientKey(c)}:${idempotencyKey}`,
      fingerprint: idempotencyKey && requestFingerprint(stored, spec),
    });
    if ("refused" in queued) {
      const refusal = refusalOf(env, queued, { signedIn: !!userId, workSeconds: plan.seconds });
      return problem(c, refusal.status, refusal.title, refusal.detail, refusal.retryAfter === undefined ? {} : { [HEADERS.retryAfter]: String(refusal.retryAfter) });
    }
    const { record, created } = queued;
    if (created) metrics?.jobs.inc({ state: "accepted" });
    c.header("Location", `/api/jobs/${record.id}`);
    const queuePosition = await queue.position(record.id);
    return c.json(
      {
        id: record.id,
        status: "queued" as const,
        converter: record.converter,
        steps: jobSteps(record),
        createdAt: new Date(record.createdAt).toISOString(),
        estimatedSeconds: Math.ceil(record.workSeconds ?? plan.seconds),
        ...(queuePosition !== undefined && { queuePosition }),
      },
      202,
    );
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    if (!visible(await queue.get(id), c.get("userId")) || !(await queue.cancel(id))) {
      return problem(c, 404, "Not found", "No such job, or it has expired.");
    }
    return c.body(null, 204);
  });

  return app;
}

/**
 * The style photo, checked as an image is (type, header, pixels) and counted with the image against
 * the upload limit: one request's files together are what MAX_UPLOAD_BYTES bounds.
 */
async function styleUpload(file: File, imageBytes: number, env: Env): Promise<{ bytes: Uint8Array } | { status: 400 | 413 | 415 | 422; title: string; detail: string }> {
  const limit = formatBytes(env.MAX_UPLOAD_BYTES);
  if (file.size === 0) return { status: 400, title: "Invalid style", detail: "The style photo is empty." };
  if (file.size > env.MAX_UPLOAD_BYTES) return { status: 413, title: "Payload too large", detail: `The style photo alone is ${formatBytes(file.size)}; the limit for the image and the style photo together is ${limit}.` };
  if (imageBytes + file.size > env.MAX_UPLOAD_BYTES) {
    const total = formatBytes(imageBytes + file.size);
    const over = total === limit ? `just over the limit of ${limit}` : `${total}; the limit is ${limit}`;
    return { status: 413, title: "Payload too large", detail: `The image and the style photo together are ${over} for both.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(bytes, { maxBytes: env.MAX_UPLOAD_BYTES, maxPixels: env.MAX_PIXELS });
  if (!check.ok) return { status: check.status, title: check.title, detail: `The style photo: ${check.detail.replace(/^The (image|file)/, "it")}` };
  return { bytes };
}
