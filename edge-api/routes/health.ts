import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { BlobStore } from "../blobs";
import type { Database } from "../db";
import type { JobQueue } from "../jobs/types";
import { timingSafeEqual } from "node:crypto";
import type { Metrics } from "../metrics";
import { isDraining } from "../lifecycle";
import { problem } from "../problem";
import { problemResponse } from "../../contract/schemas";
import type { ThreadHealth } from "../worker/thread-health";

const Checks = z.object({
  queue: z.boolean(),
  database: z.boolean(),
  blobStore: z.boolean(),
  converter: z.boolean().openapi({ description: "The conversion threads can convert (false after several conversions in a row stopped their thread)" }),
});
const Status = z.object({ status: z.string() });
const Readiness = z.object({ status: z.enum(["ok", "degraded"]), checks: Checks }).openapi("Readiness");

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  summary: "Liveness: the process answers",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: Status } } } },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  summary: "Readiness: 200 while conversions can be served (degraded if accounts or the gallery cannot), 503 without the job queue, when this process's conversion threads cannot convert, or while the process drains",
  responses: {
    200: { description: "Ready; `degraded` names what is down", content: { "application/json": { schema: Readiness } } },
    503: problemResponse("The job queue is unreachable, this process runs conversions and its threads cannot convert, or the process is draining (shutting down)"),
  },
});

/**
 * Readiness follows the failure domains: without the queue nothing can be served, so the replica
 * leaves the load balancer; a database or blob store outage takes accounts and the gallery away
 * but not anonymous conversions, so it is reported (`degraded`) without taking every replica out.
 */
const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  summary: "Prometheus metrics of this process (scraped in the cluster; the Ingress does not route it)",
  responses: { 200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } } },
});

export interface MetricsAccess {
  /** METRICS_TOKEN: when set, /metrics needs it as a Bearer token, on every port. */
  token?: string;
  /** Without a token: whether this process serves /metrics at all (api and worker: yes; web: never). */
  open: boolean;
}

export interface HealthDeps {
  queue: JobQueue;
  database: Database;
  blobs: BlobStore;
  metrics: Metrics;
  metricsAccess?: MetricsAccess;
  /** This process's conversion threads (jobs in a worker or the embedded app; thumbnails in the api). */
  threaded?: { health: ThreadHealth };
  /** True where the threads run jobs: a thread that cannot convert then takes the replica out. */
  runsJobs?: boolean;
}

export function healthRoutes({ queue, database, blobs, metrics, metricsAccess = { open: true }, threaded, runsJobs = false }: HealthDeps) {
  const app = new OpenAPIHono();
  app.openapi(metricsRoute, async (c) => {
    const { token, open } = metricsAccess;
    if (token ? !sameSecret(c.req.header("authorization"), `Bearer ${token}`) : !open) {
      return token ? problem(c, 401, "Unauthorized", "Metrics need the bearer token.") : problem(c, 404, "Not found", "No route for GET /metrics.");
    }
    return c.text(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
  });
  return app
    .openapi(healthz, (c) => c.json({ status: "ok" }, 200))
    .openapi(readyz, async (c) => {
      c.header("Cache-Control", "no-store");
      if (isDraining()) {
        return c.json({ type: "about:blank", title: "Not ready", status: 503, detail: "This replica is shutting down." }, 503, {
          "Content-Type": "application/problem+json",
        });
      }
      const [queueUp, databaseUp, blobStoreUp] = await Promise.all([queue.ping(), database.ping(), blobs.ping()]);
      const threadProblem = threaded?.health.problem();
      const checks = { queue: queueUp, database: databaseUp, blobStore: blobStoreUp, converter: !threadProblem };
      c.header("Cache-Control", "no-store");
      const notReady = !queueUp ? "The job queue is unreachable." : runsJobs && threadProblem ? `This replica cannot convert: ${threadProblem}.` : undefined;
      if (notReady) {
        return c.json({ type: "about:blank", title: "Not ready", status: 503, detail: notReady, checks }, 503, {
          "Content-Type": "application/problem+json",
        });
      }
      // The api's threads make only gallery thumbnails: without them the gallery is degraded, not conversions.
      return c.json({ status: databaseUp && blobStoreUp && !threadProblem ? ("ok" as const) : ("degraded" as const), checks }, 200);
    });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const [a, b] = [Buffer.from(given ?? ""), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
