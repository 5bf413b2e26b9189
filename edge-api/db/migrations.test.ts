// Migration 0004 turns each gallery row's comma-joined ids and params into a steps array. Run
// on rows written by the schema before it: migrations 0000–0003 applied by hand, then 0004.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, test } from "vitest";

const dir = join(import.meta.dirname, "..", "..", "drizzle");
const statements = (file: string) => readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint");

test("0004 builds steps from the old converter and params columns, chains included", async () => {
  const db = new PGlite();
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  const [before, after] = [files.filter((f) => f < "0004"), files.find((f) => f.startsWith("0004_"))!];
  for (const file of before) for (const sql of statements(file)) await db.exec(sql);
  const { rows } = await db.query<{ id: string }>(`insert into users (email, password_hash) values ('m@example.org', 'x') returning id`);
  const insert = (converter: string, params: unknown) =>
    db.query(
      `insert into gallery_items (user_id, converter, params, width, height, original_key, result_key, thumb_key, original_mime, result_mime) values ($1, $2, $3, 1, 1, 'o', 'r', 't', 'image/png', 'image/png')`,
      [rows[0]!.id, converter, JSON.stringify(params)],
    );
  await insert("grayscale", {});
  await insert("deepdream", { steps: 4 });
  await insert("resize,sepia", [{ width: 10 }, {}]);
  for (const sql of statements(after)) await db.exec(sql);
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
