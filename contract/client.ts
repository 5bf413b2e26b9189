// The API's client: openapi-fetch, typed by the document the routes write (api.generated.ts), and
// the one submit-and-poll loop every client runs: the editor, the service worker, the benches, the
// cluster's load and suites, and the tests. Imports nothing of the server's or the page's.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, paths } from "./api.generated";

export type ApiClient = Client<paths>;
type Schemas = components["schemas"];
export type JobAccepted = Schemas["JobAccepted"];
export type JobProgress = Schemas["JobProgress"];
export type GalleryItem = Schemas["GalleryItem"];
export type GalleryPage = Schemas["GalleryPage"];
export type ClusterStatus = Schemas["ClusterStatus"];
export type Problem = Schemas["Problem"];
export type User = Schemas["User"];
export type Limits = Schemas["Limits"];
/** The fields of POST /api/conversions, as the document types them. */
export type ConversionFields = paths["/api/conversions"]["post"]["requestBody"]["content"]["multipart/form-data"];

import { HEADERS, QUEUE_UNAVAILABLE } from "./headers";

export { HEADERS, QUEUE_UNAVAILABLE };

/** A client of the API at `baseUrl` ("" in a page: its own origin; absolute in Node). */
export const apiClient = (options: ClientOptions = {}): ApiClient => createClient<paths>(options);

/** A refusal or a failed job, as the problem details said it, with its Retry-After in seconds. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly retryAfter?: number,
  ) {
    super(detail || title || `The server answered ${status}.`);
  }
}

const retryAfterOf = (res: Response) => {
  const seconds = Number(res.headers.get(HEADERS.retryAfter));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
};

/** openapi-fetch's parsed error body (problem details, or text) as an ApiProblem. */
export function problemOf(response: Response, error: unknown): ApiProblem {
  const body: Partial<Problem> = typeof error === "object" && error !== null ? error : {};
  return new ApiProblem(response.status, body.title ?? "", body.detail ?? body.title ?? `The server answered ${response.status}.`, retryAfterOf(response));
}

/** One job: the chain as one decode and one encode, with its export settings. */
export interface ConversionRequest {
  image: Blob;
  fileName: string;
  steps: { converter: string; params?: Record<string, unknown> }[];
  format?: ConversionFields["format"];
  quality?: number;
  metadata?: ConversionFields["metadata"];
  encoder?: Record<string, unknown>;
  targetBytes?: number;
  /** A signed-in job: "skip" when the user saves on their word, "save" with automatic saving. */
  gallery?: ConversionFields["gallery"];
  /** The opened photo's id: the worker's save is a version of that editing session's item. */
  editSession?: string;
  /** Style transfer's style photo, for steps whose style is "upload". */
  style?: Blob;
}

/** A request's multipart fields, the whole chain in `steps`. */
export function conversionFields(request: ConversionRequest): ConversionFields {
  return {
    image: request.image,
    steps: JSON.stringify(request.steps.map((s) => ({ converter: s.converter, params: s.params ?? {} }))),
    ...(request.format && { format: request.format }),
    ...(request.quality !== undefined && { quality: String(request.quality) }),
    ...(request.metadata && { metadata: request.metadata }),
    ...(request.encoder && { encoder: JSON.stringify(request.encoder) }),
    ...(request.targetBytes !== undefined && { targetBytes: String(request.targetBytes) }),
    ...(request.gallery && { gallery: request.gallery }),
    ...(request.editSession && { editSession: request.editSession }),
    ...(request.style && { style: request.style }),
  };
}

/** Typed fields as a multipart body: files keep their names (a File's own, else `fileName`). */
export function multipart(fields: Record<string, string | Blob | undefined>, fileName = "image"): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === "string") body.append(key, value);
    else body.append(key, value, typeof File !== "undefined" && value instanceof File ? value.name : fileName);
  }
  return body;
}

/** What a request carries besides its body: the session (a page's cookie, or a Bearer header) and an abort. */
export interface CallOptions {
  signal?: AbortSignal;
  credentials?: RequestCredentials;
  headers?: Record<string, string>;
}

/** POST /api/conversions: the accepted job, or the refusal (status, words, Retry-After). */
export async function submitJob(api: ApiClient, request: ConversionRequest, options: CallOptions & { idempotencyKey?: string } = {}): Promise<{ job: JobAccepted } | { refused: ApiProblem }> {
  const { signal, credentials, headers, idempotencyKey } = options;
  const { data, error, response } = await api.POST("/api/conversions", {
    body: conversionFields(request),
    bodySerializer: (fields) => multipart(fields, request.fileName),
    params: { header: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} },
    signal,
    credentials,
    headers,
  });
  return data ? { job: data } : { refused: problemOf(response, error) };
}

/** A finished job: its image, the gallery item the worker saved it as, and what the export chose. */
export interface JobResult {
  blob: Blob;
  galleryId?: string;
  /** The quality the server used (its choice with a target size), and whether the target was met. */
  exported: { quality?: number; fits?: boolean };
}

export type JobAnswer = { state: "waiting"; progress: JobProgress; retryAfter: number } | { state: "done"; result: JobResult } | { state: "failed"; problem: ApiProblem };

/** One GET /api/jobs/{id}: waiting (with its progress and when to ask again), done, or failed. */
export async function pollOnce(api: ApiClient, id: string, options: CallOptions = {}): Promise<JobAnswer> {
  const { error, response } = await api.GET("/api/jobs/{id}", { params: { path: { id } }, parseAs: "stream", cache: "no-store", ...options });
  if (response.status === 202) {
    const progress: JobProgress = await response.json();
    return { state: "waiting", progress, retryAfter: retryAfterOf(response) ?? 1 };
  }
  if (response.ok) {
    const quality = Number(response.headers.get(HEADERS.exportQuality));
    const met = response.headers.get(HEADERS.exportTargetMet);
    const exported = { ...(quality > 0 && { quality }), ...(met && { fits: met === "true" }) };
    return { state: "done", result: { blob: await response.blob(), galleryId: response.headers.get(HEADERS.galleryId) ?? undefined, exported } };
  }
  return { state: "failed", problem: problemOf(response, error) };
}

export interface PollOptions extends CallOptions {
  onProgress?: (progress: JobProgress) => void;
  /** The longest pause between polls (tests and load ask more often than Retry-After says). */
  maxIntervalMs?: number;
  /**
   * Poll on through the job store's own outage (503 "Job queue unavailable", or a proxy's 503) and network errors:
   * the job lives in the queue, not in the replica that answered. Without it they end the poll.
   */
  throughOutages?: boolean;
  /** Give up (an Error) after this long. */
  timeoutMs?: number;
}

/** The job store's own 503, or a proxy's (no problem details): not the job's end. */
const isOutage = (problem: ApiProblem) => problem.status === 503 && (problem.title === QUEUE_UNAVAILABLE || problem.title === "");

/** An abortable pause. */
export const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Polls a job to its end, as Retry-After says, counted from each poll's sending. Throws ApiProblem when it failed. */
export async function pollJob(api: ApiClient, id: string, options: PollOptions = {}): Promise<JobResult> {
  const { onProgress, maxIntervalMs = Infinity, throughOutages = false, timeoutMs = Infinity, ...call } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sent = Date.now();
    let answer: JobAnswer | undefined;
    try {
      answer = await pollOnce(api, id, call);
    } catch (error) {
      if (!throughOutages || call.signal?.aborted) throw error;
    }
    if (answer?.state === "done") return answer.result;
    if (answer?.state === "failed" && !(throughOutages && isOutage(answer.problem))) throw answer.problem;
    if (answer?.state === "waiting") onProgress?.(answer.progress);
    if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
    const seconds = answer?.state === "waiting" ? answer.retryAfter : (answer?.problem.retryAfter ?? 1);
    await pause(Math.max(0, Math.min(maxIntervalMs, seconds * 1000) - (Date.now() - sent)), call.signal);
  }
}
