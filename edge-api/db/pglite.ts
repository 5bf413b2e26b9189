// The embedded database, kept small. Creating a PGlite data folder runs initdb in wasm, which
// leaves a process at about 800 MB of resident memory for good (measured: 796 MB after create,
// 307 MB opening an existing folder); so a new folder is made in a worker thread, whose memory
// goes with it, and the process only ever opens an existing one. Postgres' default 128 MB of
// shared buffers is far more than one user's gallery needs: 16 MB took the open from 307 to 180 MB.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";

const POSTGRES_CONF = "shared_buffers = 16MB\nwal_buffers = 1MB\n";

/** initdb in a thread of its own; resolves when the folder exists (or the thread failed, and the caller makes it). */
function createInThread(dir: string): Promise<void> {
  const source = `(async () => { const { PGlite } = await import("@electric-sql/pglite"); const db = await PGlite.create(${JSON.stringify(dir)}); await db.close(); })();`;
  return new Promise((resolve) => {
    const worker = new Worker(source, { eval: true });
    worker.once("error", () => resolve());
    worker.once("exit", () => resolve());
  });
}

export async function openPglite(dir: string): Promise<PGlite> {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "PG_VERSION"))) await createInThread(dir);
  const { PGlite } = await import("@electric-sql/pglite");
  return PGlite.create(dir, { postgresqlconf: POSTGRES_CONF });
}
