import type { ServerResponse } from "node:http";
import { hostname } from "node:os";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobQueue } from "./jobs/types";
import type { ReplicaRole } from "./replicas/types";
import { HEADERS } from "../contract/headers";

/**
 * Which replica answered, for the load balancer's and the status page's sake: REPLICA_NAME, else
 * the hostname (a pod's name). No pid or address: that tells a stranger nothing it may use.
 */
export const REPLICA = process.env.REPLICA_NAME || hostname();

/**
 * This process's Prometheus metrics (prom-client), in a registry of its own: tests build many
 * runtimes in one process, and each must count for itself.
 */
export function createMetrics(queue: JobQueue, role: ReplicaRole) {
  const registry = new Registry();
  registry.setDefaultLabels({ role, replica: REPLICA });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    http: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests by route pattern, method and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobs: new Counter({ name: "jobs_total", help: "Jobs this process accepted (api) or finished (worker), by state", labelNames: ["state"], registers }),
    jobDuration: new Histogram({
      name: "job_duration_seconds",
      help: "Conversion time in the worker, by converter (\"chain\" for several steps) and outcome",
      labelNames: ["converter", "outcome"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    busy: new Counter({ name: "worker_busy_seconds_total", help: "Seconds this worker's slots spent converting", registers }),
    queueDepth: new Gauge({
      name: "queue_depth",
      help: "Jobs waiting in the queue",
      registers,
      async collect() {
        this.set(await queue.depth().catch(() => Number.NaN));
      },
    }),
    heldResultBytes: new Gauge({
      name: "queue_held_result_bytes",
      help: "Bytes of finished results held for pickup; at MAX_HELD_RESULT_BYTES new jobs are refused with 503",
      registers,
      async collect() {
        this.set(await queue.stats().then((s) => s.heldResultBytes).catch(() => Number.NaN));
      },
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Times every request by its route pattern (never the raw path: ids would explode the series). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const end = metrics.http.startTimer({ method: c.req.method });
    // On Node's server (the api role, and Next's pages/api) the header goes on the socket's
    // response, where it costs nothing: Hono's c.header() before a handler makes its response
    // build a Headers object, the largest part of a job poll's cost beyond hello (bench/api.ts).
    // Elsewhere (app.request, other runtimes) it is added to whatever response the handler gave.
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    outgoing?.setHeader(HEADERS.servedBy, REPLICA);
    try {
      await next();
      if (!outgoing) c.header(HEADERS.servedBy, REPLICA);
    } finally {
      // After next(), the route index is the one that answered (not the last one matched: a
      // route mounted ahead of middleware, as the job poll is, answers before it).
      end({ route: routePath(c) || "unmatched", status: String(c.res.status) });
    }
  };
}
