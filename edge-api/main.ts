// The roles as their own processes, as the container image runs them:
//   main.mjs api      the HTTP API (npm run start:api)
//   main.mjs worker   conversions; serves only /healthz and /readyz, for its probes
//   main.mjs migrate  applies the database migrations and exits (the chart's Job, per revision);
//                     with --wait, waits until they are applied (the pods' init container)
//   main.mjs embedded the API and its worker threads in one process on the embedded defaults
//                     (PGlite, the in-process queue, files), without the pages: what the drills
//                     (edge-api/drills) measure, apart from the test runner's own memory
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { backendMode, SPLIT_ROLES_NEED_SCALED_OUT } from "./backends";
import { loadEnv } from "./env";
import { externalMetricsApp } from "./k8s-metrics/external";
import { onTerminate } from "./lifecycle";
import { migrate } from "./migrate";
import { requireWritableDataDir } from "./preflight";
import { createRuntime } from "./runtime";

const role = process.argv[2];
if (role !== "api" && role !== "worker" && role !== "migrate" && role !== "embedded") {
  console.error("usage: main.mjs api|worker|migrate|embedded");
  process.exit(2);
}

if (role === "migrate") {
  const wait = process.argv.includes("--wait");
  process.exit(await migrate(loadEnv(), { wait, seconds: wait ? 600 : 180 }));
}

const env = loadEnv();
if (backendMode(env) === "embedded" && role !== "embedded") {
  console.error(SPLIT_ROLES_NEED_SCALED_OUT);
  process.exit(2);
}
requireWritableDataDir(env.DATA_DIR);
const runtime = createRuntime({ worker: role !== "api" }, env);
const server = serve({ fetch: role === "worker" ? runtime.health.fetch : runtime.app.fetch, port: env.PORT }, (info) =>
  console.log(role === "worker" ? `worker ${runtime.runner?.workerId} waiting for jobs (concurrency ${env.WORKER_CONCURRENCY}), probes on :${info.port}` : `${role} listening on :${info.port}`),
);

// The workers' HPA reads the queue through the kube-apiserver's aggregator, over TLS.
const externalMetrics =
  role === "api" && env.EXTERNAL_METRICS_PORT
    ? serve({
        fetch: externalMetricsApp({ queue: runtime.queue, replicas: runtime.services.replicas }).fetch,
        port: env.EXTERNAL_METRICS_PORT,
        createServer: createHttpsServer,
        serverOptions: { cert: readFileSync(join(env.EXTERNAL_METRICS_TLS_DIR!, "tls.crt")), key: readFileSync(join(env.EXTERNAL_METRICS_TLS_DIR!, "tls.key")) },
      })
    : undefined;

// A load balancer keeps idle connections open (nginx 60 s by default). Node's 5 s default closes
// them first, and a request sent just as one closes fails: under load, 502s that no replica caused.
const http = server as Server;
http.keepAliveTimeout = 65_000;
http.headersTimeout = 66_000;

// SIGTERM: readiness turns 503 at once; the api serves on through the delay while endpoints
// update; a worker lets its jobs finish for WORKER_DRAIN_SECONDS, then hands the rest back.
onTerminate(() => ({
  server: http,
  delaySeconds: role === "api" ? env.SHUTDOWN_DELAY_SECONDS : 0,
  hardStopSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
  close: () => {
    externalMetrics?.close();
    return runtime.close({ handBackAfterMs: env.WORKER_DRAIN_SECONDS * 1000 });
  },
}));
