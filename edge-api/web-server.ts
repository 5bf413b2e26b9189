// The web role in the image (.build/web.mjs): Next's standalone server.js, with the shutdown every
// role has (lifecycle.ts) in place of Next's own, which exits on SIGTERM without letting in-flight
// requests finish. Next creates its HTTP server itself; the server is picked up as it is created.
import http, { type Server } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadEnv } from "./env";
import { closeEmbeddedRuntime, onTerminate } from "./lifecycle";
import { requireWritableDataDir } from "./preflight";

process.env.NEXT_MANUAL_SIG_HANDLE = "true";
const env = loadEnv();
requireWritableDataDir(env.DATA_DIR);

const servers: Server[] = [];
const createServer = http.createServer;
http.createServer = ((...args: Parameters<typeof createServer>) => {
  const server = createServer(...args);
  servers.push(server);
  return server;
}) as typeof createServer;

onTerminate(() => ({
  server: servers[0],
  delaySeconds: env.SHUTDOWN_DELAY_SECONDS,
  hardStopSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
  close: closeEmbeddedRuntime,
}));

await import(pathToFileURL(join(process.cwd(), "server.js")).href);
