// The migrate role. `migrate` applies the migrations (the chart's Job, once per release revision),
// retrying while the database is still starting. `migrate --wait` applies nothing: it waits until
// the database has every migration this image carries (the api and worker pods' init container),
// so a pod of a new version never becomes ready on an older schema, on install as on upgrade.
import { openDatabase, pendingMigrations } from "./db";
import type { Env } from "./env";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function migrate(env: Env, { wait, seconds }: { wait: boolean; seconds: number }): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  if (!env.DATABASE_URL) {
    console.warn("DATABASE_URL is unset: the embedded PGlite database in DATA_DIR migrates in-process.");
    if (wait) return 0;
  }
  let said = 0;
  for (;;) {
    try {
      if (wait) {
        const pending = await pendingMigrations(env.DATABASE_URL!);
        if (pending === 0) {
          console.log("migrations current");
          return 0;
        }
        if (Date.now() - said > 5000) console.log(`waiting for ${pending} migration(s) to be applied by the migration Job`);
      } else {
        const database = openDatabase(env);
        await database.db();
        await database.close();
        console.log("migrations applied");
        return 0;
      }
    } catch (error) {
      if (Date.now() - said > 5000) console.log(`database not reachable yet: ${message(error)}`);
    }
    if (Date.now() - said > 5000) said = Date.now();
    if (Date.now() > deadline) {
      console.error(`migration ${wait ? "wait" : ""} gave up after ${seconds} s`);
      return 1;
    }
    await sleep(1000);
  }
}
