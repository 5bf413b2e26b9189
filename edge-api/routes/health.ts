import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { BlobStore } from "../blobs";
import type { Database } from "../db";
import type { JobQueue } from "../jobs/types";
import { timingSafeEqual } from "node:crypto";
import type { Metrics } from "../metrics";
import { isDraining } from "../lifecycle";
import { problem } from "../problem";
import { problemResponse } from "../schemas";

const Checks = z.object({ queue: z.boolean(), database: z.boolean(), blobStore: z.boolean() });
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
  summary: "Readiness: 200 while conversions can be served (degraded if accounts or the gallery cannot), 503 without the job queue or while the process drains",
  responses: {
    200: { description: "Ready; `degraded` names what is down", content: { "application/json": { schema: Readiness } } },
    503: problemResponse("The job queue is unreachable, or the process is draining (shutting down)"),
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

export function healthRoutes({ queue, database, blobs, metrics, metricsAccess = { open: true } }: { queue: JobQueue; database: Database; blobs: BlobStore; metrics: Metrics; metricsAccess?: MetricsAccess }) {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath(metricsRoute);
  app.get("/metrics", async (c) => {
    const { token, open } = metricsAccess;
    if (token ? !sameSecret(c.req.header("authorization"), `Bearer ${token}`) : !open) {
      return token ? problem(c, 401, "Unauthorized", "Metrics need the bearer token.") : problem(c, 404, "Not found", "No route for GET /metrics.");
    }
    return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
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
      const checks = { queue: queueUp, database: databaseUp, blobStore: blobStoreUp };
      c.header("Cache-Control", "no-store");
      if (!queueUp) {
        return c.json({ type: "about:blank", title: "Not ready", status: 503, detail: "The job queue is unreachable.", checks }, 503, {
          "Content-Type": "application/problem+json",
        });
      }
      return c.json({ status: databaseUp && blobStoreUp ? ("ok" as const) : ("degraded" as const), checks }, 200);
    });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const [a, b] = [Buffer.from(given ?? ""), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
