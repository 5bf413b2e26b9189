// The migrate role. `migrate` applies the migrations (the chart's Job, once per release revision),
// retrying while the database is still starting. `migrate --wait` applies nothing: it waits until
// the database has every migration this image carries (the api and worker pods' init container),
// so a pod of a new version never becomes ready on an older schema, on install as on upgrade.
import { openDatabase, pendingMigrations } from "./db";
import type { Env } from "./env";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One attempt: true when done (applied, or nothing pending); the reason to wait otherwise. */
async function attempt(env: Env, wait: boolean): Promise<true | string> {
  if (!wait) {
    const database = openDatabase(env);
    await database.db();
    await database.close();
    console.log("migrations applied");
    return true;
  }
  const pending = await pendingMigrations(env.DATABASE_URL!);
  if (pending > 0) return `waiting for ${pending} migration(s) to be applied by the migration Job`;
  console.log("migrations current");
  return true;
}

export async function migrate(env: Env, { wait, seconds }: { wait: boolean; seconds: number }): Promise<number> {
  if (!env.DATABASE_URL) {
    console.warn("DATABASE_URL is unset: the embedded PGlite database in DATA_DIR migrates in-process.");
    if (wait) return 0;
  }
  const deadline = Date.now() + seconds * 1000;
  let lastSaid = 0;
  for (;;) {
    const outcome = await attempt(env, wait).catch((error: unknown) => `database not reachable yet: ${message(error)}`);
    if (outcome === true) return 0;
    if (Date.now() > deadline) {
      console.error(`${wait ? "waiting for the migrations" : "migrating"} gave up after ${seconds} s: ${outcome}`);
      return 1;
    }
    // A line every 5 s, not every attempt.
    if (Date.now() - lastSaid >= 5000) {
      console.log(outcome);
      lastSaid = Date.now();
    }
    await sleep(1000);
  }
}
