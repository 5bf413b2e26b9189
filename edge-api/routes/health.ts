import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { JobQueue } from "../jobs/types";
import { problemResponse } from "../schemas";

const Status = z.object({ status: z.string() });

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  summary: "Liveness: the process answers",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: Status } } } },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  summary: "Readiness: the queue and job store are reachable",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: Status } } },
    503: problemResponse("A dependency is unreachable"),
  },
});

export function healthRoutes({ queue }: { queue: JobQueue }) {
  return new OpenAPIHono()
    .openapi(healthz, (c) => c.json({ status: "ok" }, 200))
    .openapi(readyz, async (c) => {
      const ok = await queue.ping();
      c.header("Cache-Control", "no-store");
      return ok
        ? c.json({ status: "ok" }, 200)
        : c.json({ type: "about:blank", title: "Not ready", status: 503, detail: "The job store is unreachable." }, 503, {
            "Content-Type": "application/problem+json",
          });
    });
}
