import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { describeAll, metas } from "./registry";

const root = import.meta.dirname;
const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

test("every folder is a converter with meta, a runner for where it runs and a test, and its id is its folder name", () => {
  expect(folders.length).toBeGreaterThanOrEqual(15);
  for (const folder of folders) {
    const meta = metas.find((m) => m.id === folder);
    const runner = meta?.runsOn === "server" ? "server.ts" : "run.ts";
    for (const file of ["meta.ts", runner, `${folder}.test.ts`]) expect(existsSync(join(root, folder, file)), `${folder}/${file}`).toBe(true);
  }
  expect(metas.map((m) => m.id).sort()).toEqual([...folders].sort());
});

test("the generated registry is in sync with the folders", () => {
  const before = readFileSync(join(root, "metas.generated.ts"), "utf8");
  execFileSync(join(root, "..", "node_modules", ".bin", "tsx"), [join(root, "..", "scripts", "gen-registry.ts")]);
  expect(readFileSync(join(root, "metas.generated.ts"), "utf8")).toBe(before);
});

test("descriptions carry a JSON Schema and defaults the schema accepts", () => {
  for (const d of describeAll()) {
    expect(d.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(d.params).toMatchObject({ type: "object" });
    expect(d.params.$schema).toContain("json-schema.org");
    for (const [key, value] of Object.entries(d.defaults)) {
      expect((d.params.properties as Record<string, object>)[key]).toBeDefined();
      // Numbers, or a list of choices (DeepDream's layers): what the editor has controls for.
      if (Array.isArray(value)) expect((d.params.properties as Record<string, { items?: { enum?: unknown[] } }>)[key]?.items?.enum).toEqual(expect.arrayContaining(value));
      else expect(typeof value).toBe("number");
    }
  }
});
