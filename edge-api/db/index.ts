// The one db module (after create-t3-app): PGlite under DATA_DIR when DATABASE_URL is unset,
// PostgreSQL otherwise, on the same drizzle schema and the same committed migrations.
import { join } from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { openPglite } from "./pglite";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  /** Migrated on first use; rejects (and is retried next time) while the server is unreachable. */
  db(): Promise<Db>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const migrationsFolder = join(process.cwd(), "drizzle");

/**
 * Migrations in the image's drizzle folder that the PostgreSQL database has not applied yet, by
 * drizzle's own rule (a migration is applied when the newest recorded one is not older).
 */
export async function pendingMigrations(databaseUrl: string): Promise<number> {
  const { readMigrationFiles } = await import("drizzle-orm/migrator");
  const { default: postgres } = await import("postgres");
  const files = readMigrationFiles({ migrationsFolder });
  const client = postgres(databaseUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    // No drizzle schema or table yet (42P01, 3F000): nothing is applied.
    const rows = await client`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`.catch((error: { code?: string }) =>
      error.code === "42P01" || error.code === "3F000" ? [] : Promise.reject(error),
    );
    const newest = Number(rows[0]?.created_at ?? 0);
    return files.filter((m) => m.folderMillis > newest).length;
  } finally {
    await client.end({ timeout: 1 }).catch(() => {});
  }
}

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
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = await openPglite(join(options.DATA_DIR, "db"));
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
