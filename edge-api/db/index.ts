// The one db module (after create-t3-app): PGlite under DATA_DIR when DATABASE_URL is unset,
// PostgreSQL otherwise, on the same drizzle schema and the same committed migrations.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  /** Migrated on first use; rejects (and is retried next time) while the server is unreachable. */
  db(): Promise<Db>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const migrationsFolder = join(process.cwd(), "drizzle");

export function openDatabase(options: { DATABASE_URL?: string; DATA_DIR: string }): Database {
  let ready: Promise<{ db: Db; close: () => Promise<void> }> | undefined;
  const connect = async () => {
    if (options.DATABASE_URL) {
      const { default: postgres } = await import("postgres");
      const { drizzle } = await import("drizzle-orm/postgres-js");
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      // Short timeouts: with the database down, logins answer 503 quickly and conversions go on.
      const client = postgres(options.DATABASE_URL, { max: 5, connect_timeout: 3, idle_timeout: 30, onnotice: () => {} });
      const db = drizzle(client, { schema });
      try {
        await migrate(db, { migrationsFolder });
      } catch (error) {
        await client.end({ timeout: 1 }).catch(() => {});
        throw error;
      }
      return { db: db as unknown as Db, close: () => client.end({ timeout: 5 }) };
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const dir = join(options.DATA_DIR, "db");
    mkdirSync(dir, { recursive: true });
    const client = await PGlite.create(dir);
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, close: () => client.close() };
  };
  const get = () => {
    ready ??= connect().catch((error: unknown) => {
      ready = undefined; // the next request tries again
      throw error;
    });
    return ready;
  };
  return {
    db: async () => (await get()).db,
    async ping() {
      try {
        const { sql } = await import("drizzle-orm");
        await (await get()).db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      const open = ready;
      ready = undefined;
      if (open) await (await open.catch(() => undefined))?.close();
    },
  };
}
