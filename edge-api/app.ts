import { OpenAPIHono } from "@hono/zod-openapi";
import type { Store } from "hono-rate-limiter";
import { HTTPException } from "hono/http-exception";
import { annotateUser, sameOriginWrites } from "./auth/middleware";
import { clientAddress } from "./client";
import { forwardedOrigin } from "./forwarded";
import type { Sessions } from "./auth/sessions";
import type { Tokens } from "./auth/tokens";
import type { BlobStore } from "./blobs";
import type { Database } from "./db";
import type { Gallery } from "./gallery/service";
import { httpMetrics, type Metrics } from "./metrics";
import type { Env } from "./env";
import type { JobQueue } from "./jobs/types";
import { docsPolicy, renderDocs } from "./docs";
import { problem } from "./problem";
import { authRoutes } from "./routes/auth";
import { convertersRoute } from "./routes/converters";
import { galleryRoutes } from "./routes/gallery";
import { healthRoutes, type MetricsAccess } from "./routes/health";
import { jobPollRoute } from "./routes/job-poll";
import { jobRoutes } from "./routes/jobs";
import { limitsRoute } from "./routes/limits";
import { statusRoutes } from "./routes/status";
import type { ReplicaRegistry } from "./replicas";
import type { ThreadHealth } from "./worker/thread-health";

export interface AppDeps {
  env: Env;
  queue: JobQueue;
  database: Database;
  tokens: Tokens;
  sessions: Sessions;
  blobs: BlobStore;
  gallery: Gallery;
  metrics: Metrics;
  replicas: ReplicaRegistry;
  /** Shared rate-limit counts (Redis, scaled out: backends.ts); unset, each process counts its own. */
  rateLimitStore?: Store;
  /** Who may read /metrics here (routes/health.ts). */
  metricsAccess?: MetricsAccess;
  /** This process's conversion threads, for /readyz. */
  threaded?: { health: ThreadHealth };
  /** True where those threads run jobs (embedded, worker): a thread that cannot convert is then not ready. */
  runsJobs?: boolean;
}

// 1.1.0: GET /api/status; 503 + Retry-After documented on the job routes for a job store outage.
// 1.2.0: Converter.deviceMaxSide, for a server converter that can also run in the browser.
// 1.3.0: fair and bounded jobs: 422 for output size and cost, 429 per client, 503 for the queue's
// wait, estimatedSeconds and queuePosition, a failed job's 503 (waited too long) and 504 (deadline).
// 1.4.0: auth hardened: JSON only (415), 16 KiB bodies (413), same-origin (403), revocable
// sessions, the token in the login body only with ?token=1, POST /api/auth/password, DELETE /api/auth/me.
// 1.4.1: GET /readyz answers 503 while the process drains on SIGTERM (the Service drops it first).
// 1.5.0: a job is a pipeline: POST /api/conversions takes `steps` (heavy and pixel steps in one
// job); gallery items carry `steps` (params is kept, deprecated); JobAccepted echoes the steps.
// 1.6.0: GET /api/auth/session: who is signed in, 200 with null for a visitor (pages ask it on every load).
// 1.7.0: POST /api/conversions takes metadata, encoder and targetBytes; the result says Export-Quality and Export-Target-Met.
// 1.8.0: contain what gets through the door: 503 while MAX_HELD_RESULT_BYTES of finished results
// wait to be collected; jobs, the conversion rate, registrations, logins, password changes and
// gallery saves counted per address as well as per account; 422 for an Idempotency-Key reused
// for another request, and for a job or a gallery result whose decode would pass MAX_JOB_BYTES;
// DELETE /api/auth/me cancels the account's jobs; POST /api/gallery takes an optional thumb, and
// answers 507 "Storage full" past STORAGE_QUOTA_BYTES; GET /api/status says queue.heldResultBytes;
// /readyz reports checks.converter.
// 1.9.0: the gallery keeps versions: POST /api/gallery and POST /api/conversions take editSession
// (saves of one editing session are versions of one item; 200 for a new version), and
// POST /api/conversions takes gallery=skip (the client saves on the user's word); items say
// fileName, editSession, version and updatedAt, and a later version's image paths carry ?v=;
// DELETE /api/auth/sessions signs out everywhere; a common password is a weak one (400).
// 1.10.0: GET /api/limits: the upload, pixel, output, time and memory limits a conversion is checked
// against, so a client can shrink a photo to fit before it uploads.
// 1.11.0: the remove-background converter; Converter.onDevice marks a server converter that also
// runs in the browser (deviceMaxSide is now only its size cap there, absent when it has none).
// 1.12.0: GET /api/status names each replica's node (Replica.node) where it runs on one.
// 1.13.0: style transfer: the converter style-transfer and the conversion's multipart field style.
export const API_VERSION = "1.13.0";

/**
 * The HTTP API. The same app runs mounted in Next (embedded) and on @hono/node-server (the api
 * role); only the adapters in `deps` differ.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({
    // Schema failures get problem details like every other error.
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return problem(c, 400, "Invalid request", issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : "Invalid request.");
      }
    },
  });
  app.onError((error, c) => {
    // A body the schema's parser cannot read (malformed JSON or multipart, a media type the route
    // does not take): the parser's status and words, as problem details.
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status as 400, error.status === 415 ? "Unsupported media type" : "Invalid request", error.message || "The request body cannot be read.");
    }
    console.error(error);
    return problem(c, 500, "Internal error", "Something went wrong on our side.");
  });
  app.notFound((c) => problem(c, 404, "Not found", `No route for ${c.req.method} ${c.req.path}.`));

  app.use("*", httpMetrics(deps.metrics));
  app.route("/", healthRoutes(deps));
  // Ahead of the /api middleware: a poll needs none of it (routes/job-poll.ts).
  app.route("/api", jobPollRoute(deps));
  app.use("/api/*", clientAddress({ trustedProxies: deps.env.TRUSTED_PROXIES }), forwardedOrigin({ trustedProxies: deps.env.TRUSTED_PROXIES }), annotateUser(deps), sameOriginWrites());
  app.route("/api/auth", authRoutes(deps));
  app.route("/api/converters", convertersRoute());
  app.route("/api/limits", limitsRoute(deps.env));
  app.route("/api/gallery", galleryRoutes(deps));
  app.route("/api", jobRoutes(deps));
  if (deps.env.STATUS_PAGE === "on") app.route("/api", statusRoutes(deps));

  app.doc31("/api/openapi.json", OPENAPI_CONFIG);
  app.get("/api/docs", (c) => c.html(renderDocs(openApiDocument(app) as never), 200, { "Content-Security-Policy": docsPolicy }));
  return app;
}

const OPENAPI_CONFIG = { openapi: "3.1.0", info: { title: "Image Editor", version: API_VERSION } };

/** The OpenAPI 3.1 document the app's routes write: served at /api/openapi.json, and the client's types are generated from it. */
export const openApiDocument = (app: OpenAPIHono) => app.getOpenAPI31Document(OPENAPI_CONFIG);

export type App = ReturnType<typeof createApp>;
