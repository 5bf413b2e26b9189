// The roles as their own processes, as the container image runs them:
//   main.mjs api      the HTTP API (npm run start:api)
//   main.mjs worker   conversions; serves only /healthz and /readyz, for its probes
//   main.mjs migrate  applies the database migrations and exits (the chart's pre-upgrade hook)
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { openDatabase } from "./db";
import { loadEnv } from "./env";
import { createRuntime } from "./runtime";

const role = process.argv[2];
if (role !== "api" && role !== "worker" && role !== "migrate") {
  console.error("usage: main.mjs api|worker|migrate");
  process.exit(2);
}

if (role === "migrate") {
  const env = loadEnv();
  if (!env.DATABASE_URL) console.warn("DATABASE_URL is unset: migrating the embedded PGlite database in DATA_DIR.");
  const database = openDatabase(env);
  try {
    await database.db();
    console.log("migrations applied");
    await database.close();
    process.exit(0);
  } catch (error) {
    console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const runtime = createRuntime({ worker: role === "worker" });
if (!runtime.env.REDIS_URL) {
  console.error("The api and worker roles share their jobs through Redis: set REDIS_URL (and DATABASE_URL). `npm start` runs everything in one process without them.");
  process.exit(2);
}
const server = serve({ fetch: role === "api" ? runtime.app.fetch : runtime.health.fetch, port: runtime.env.PORT }, (info) =>
  console.log(role === "api" ? `api listening on :${info.port}` : `worker ${runtime.runner?.workerId} polling (concurrency ${runtime.env.WORKER_CONCURRENCY}), probes on :${info.port}`),
);

// A load balancer keeps idle connections open (nginx 60 s by default). Node's 5 s default closes
// them first, and a request sent just as one closes fails: under load, 502s that no replica caused.
const http = server as Server;
http.keepAliveTimeout = 65_000;
http.headersTimeout = 66_000;

// On SIGTERM a worker finishes its current jobs; the lease hands over anything it cannot.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}
