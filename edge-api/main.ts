// The api and worker roles as their own processes (npm run start:api / start:worker).
import { serve } from "@hono/node-server";
import { createRuntime } from "./runtime";

const role = process.argv[2];
if (role !== "api" && role !== "worker") {
  console.error("usage: main.mjs api|worker");
  process.exit(2);
}

const runtime = createRuntime({ worker: role === "worker" });
if (!runtime.env.REDIS_URL) {
  console.error("The api and worker roles share their jobs through Redis: set REDIS_URL (and DATABASE_URL). `npm start` runs everything in one process without them.");
  process.exit(2);
}
const server =
  role === "api"
    ? serve({ fetch: runtime.app.fetch, port: runtime.env.PORT }, (info) => console.log(`api listening on :${info.port}`))
    : undefined;
if (role === "worker") console.log(`worker ${runtime.runner?.workerId} polling (concurrency ${runtime.env.WORKER_CONCURRENCY})`);

// On SIGTERM a worker finishes its current jobs; the lease hands over anything it cannot.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server?.close();
    void runtime.close().then(() => process.exit(0));
  });
}
