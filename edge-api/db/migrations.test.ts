// Migrations that move data, run on rows written by the schema before them: the earlier
// migrations applied by hand, rows inserted, then the one under test.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "vitest";

const dir = join(import.meta.dirname, "..", "..", "drizzle");
const statements = (file: string) => readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint");
const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
// Each file in a transaction of its own, as drizzle's migrator runs them (0005 locks a table).
const upTo = async (db: PGlite, prefix: string) => {
  for (const file of files.filter((f) => f < prefix)) {
    await db.transaction(async (tx) => {
      for (const sql of statements(file)) await tx.exec(sql);
    });
  }
};
// In one transaction, as drizzle's migrator runs them.
const migrate = (db: PGlite, prefix: string) =>
  db.transaction(async (tx) => {
    for (const sql of statements(files.find((f) => f.startsWith(`${prefix}_`))!)) await tx.exec(sql);
  });

test("0004 builds steps from the old converter and params columns, chains included", async () => {
  const db = new PGlite();
  await upTo(db, "0004");
  const { rows } = await db.query<{ id: string }>(`insert into users (email, password_hash) values ('m@example.org', 'x') returning id`);
  const insert = (converter: string, params: unknown) =>
    db.query(
      `insert into gallery_items (user_id, converter, params, width, height, original_key, result_key, thumb_key, original_mime, result_mime) values ($1, $2, $3, 1, 1, 'o', 'r', 't', 'image/png', 'image/png')`,
      [rows[0]!.id, converter, JSON.stringify(params)],
    );
  await insert("grayscale", {});
  await insert("deepdream", { steps: 4 });
  await insert("resize,sepia", [{ width: 10 }, {}]);
  await migrate(db, "0004");
  const out = await db.query<{ converter: string; steps: unknown }>(`select converter, steps from gallery_items order by converter`);
  expect(out.rows).toEqual([
    { converter: "deepdream", steps: [{ converter: "deepdream", params: { steps: 4 } }] },
    { converter: "grayscale", steps: [{ converter: "grayscale", params: {} }] },
    { converter: "resize,sepia", steps: [{ converter: "resize", params: { width: 10 } }, { converter: "sepia", params: {} }] },
  ]);
  const columns = await db.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'gallery_items'`);
  expect(columns.rows.map((c) => c.column_name)).not.toContain("params");
  await db.close();
});

test("0005 starts the storage total at what the galleries hold, and its triggers keep it exact", async () => {
  const db = new PGlite();
  await upTo(db, "0005");
  const people = await db.query<{ id: string }>(`insert into users (email, password_hash) values ('a@example.org', 'x'), ('b@example.org', 'x') returning id`);
  const insert = (user: string, bytes: number) =>
    db.query(
      `insert into gallery_items (user_id, converter, steps, width, height, original_key, result_key, thumb_key, original_mime, result_mime, bytes) values ($1, 'invert', '[]', 1, 1, 'o', 'r', 't', 'image/png', 'image/png', $2)`,
      [user, bytes],
    );
  const [a, b] = people.rows.map((r) => r.id);
  await insert(a!, 1000);
  await insert(b!, 234);
  await migrate(db, "0005");
  const total = async () => Number((await db.query<{ bytes: string }>(`select bytes from storage_usage`)).rows[0]!.bytes);
  expect(await total()).toBe(1234);
  // Past 2^31 in all: the total is a bigint, though each item's bytes are an integer.
  await insert(a!, 2_000_000_000);
  await insert(a!, 2_000_000_000);
  expect(await total()).toBe(4_000_001_234);
  await db.query(`update gallery_items set bytes = bytes + 6 where bytes = 234`);
  expect(await total()).toBe(4_000_001_240);
  await db.query(`delete from users where id = $1`, [a]);
  expect(await total()).toBe(240);
  expect((await db.query(`select count(*)::int as n from storage_usage`)).rows).toEqual([{ n: 1 }]);
  await expect(db.query(`insert into storage_usage (id, bytes) values (2, 0)`)).rejects.toThrow(/storage_usage_one_row/);
  await db.close();
});

test("0006 makes each older item an editing session of its own, at version 1, updated when it was made", async () => {
  const db = new PGlite();
  await upTo(db, "0006");
  const { rows } = await db.query<{ id: string }>(`insert into users (email, password_hash) values ('v@example.org', 'x') returning id`);
  const made = "2026-01-02T03:04:05.678Z";
  const insert = () =>
    db.query(
      `insert into gallery_items (user_id, converter, steps, width, height, original_key, result_key, thumb_key, original_mime, result_mime, bytes, created_at) values ($1, 'invert', '[]', 1, 1, 'o', 'r', 't', 'image/png', 'image/png', 10, $2)`,
      [rows[0]!.id, made],
    );
  await insert();
  await insert();
  await migrate(db, "0006");
  const out = await db.query<{ id: string; edit_session: string; version: number; file_name: string | null; updated_at: Date }>(`select id, edit_session, version, file_name, updated_at from gallery_items`);
  expect(out.rows).toHaveLength(2);
  for (const row of out.rows) expect(row).toEqual({ id: row.id, edit_session: row.id, version: 1, file_name: null, updated_at: new Date(made) });
  // One item per session and user from now on; the storage total did not move.
  await expect(db.query(`update gallery_items set edit_session = 'same'`)).rejects.toThrow(/gallery_items_user_session/);
  expect(Number((await db.query<{ bytes: string }>(`select bytes from storage_usage`)).rows[0]!.bytes)).toBe(20);
  expect((await db.query<{ session_generation: number }>(`select session_generation from users`)).rows).toEqual([{ session_generation: 0 }]);
  await db.close();
});
