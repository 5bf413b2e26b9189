import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { registryFiles } from "../scripts/registry-files";
import { describeAll, metas } from "./registry";
import { build, convert } from "./testing";
import type { ConverterMeta } from "./types";

const root = import.meta.dirname;
const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
// Folders of shared code for the converters, not converters themselves: they have no meta.ts.
const libraries = ["engine", "ml", "testing"];

test("every folder is a converter with meta, a runner for where it runs and a test, and its id is its folder name", () => {
  const converters = folders.filter((folder) => !(libraries.includes(folder) && !existsSync(join(root, folder, "meta.ts"))));
  expect(converters.length).toBeGreaterThanOrEqual(15);
  for (const folder of converters) {
    const meta = metas.find((m) => m.id === folder);
    const runner = meta?.runsOn === "server" ? "server.ts" : "run.ts";
    for (const file of ["meta.ts", runner, `${folder}.test.ts`]) expect(existsSync(join(root, folder, file)), `${folder}/${file}`).toBe(true);
  }
  expect(metas.map((m) => m.id).sort()).toEqual([...converters].sort());
});

test("every generated file is what scripts/gen-registry.ts would write now", async () => {
  // Computed in memory, so the test leaves the working tree as it found it.
  const files = await registryFiles(root);
  expect(Object.keys(files).sort()).toEqual(readdirSync(root).filter((f) => f.includes(".generated.")).sort());
  for (const [name, text] of Object.entries(files)) expect(readFileSync(join(root, name), "utf8"), `converters/${name} is stale: npm run assets`).toBe(text);
});

test("descriptions carry a JSON Schema and defaults the schema accepts", () => {
  for (const d of describeAll()) {
    expect(d.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(d.params).toMatchObject({ type: "object" });
    expect(d.params.$schema).toContain("json-schema.org");
    for (const [key, value] of Object.entries(d.defaults)) {
      expect((d.params.properties as Record<string, object>)[key]).toBeDefined();
      // What the editor has controls for: numbers, a list of choices (DeepDream's layers), a word
      // from a list (Remove background's edges, or its background, which may also be a colour),
      // or a list of things drawn on the photo (touch-up strokes), empty by default.
      const schema = (d.params.properties as Record<string, { items?: { enum?: unknown[]; type?: string }; enum?: unknown[]; anyOf?: { enum?: unknown[] }[] }>)[key]!;
      if (Array.isArray(value) && schema.items?.type === "object") expect(value).toEqual([]);
      else if (Array.isArray(value)) expect(schema.items?.enum).toEqual(expect.arrayContaining(value));
      else if (typeof value === "string") expect([...(schema.enum ?? []), ...(schema.anyOf ?? []).flatMap((o) => o.enum ?? [])]).toContain(value);
      else expect(typeof value).toBe("number");
    }
  }
});

// The engine and the editor find converters by what their metas declare, never by id: each hook
// names params the converter has, and the scaler's params make the size asked for.
test("the editor's and the engine's hooks name params the converter has, and scaleTo scales to the size", async () => {
  const all = metas as readonly ConverterMeta[];
  for (const meta of all) {
    const keys = Object.keys(meta.params.shape);
    if (meta.overlay === "crop-box" || meta.frame === "crop-box") expect(keys, meta.id).toEqual(expect.arrayContaining(["left", "top", "width", "height"]));
    if (meta.overlay === "touch-up") expect(keys, meta.id).toContain("strokes");
    if (meta.aspectPair) expect(keys, meta.id).toEqual(expect.arrayContaining([...meta.aspectPair]));
    if (typeof meta.frame === "object") expect(keys, meta.id).toContain(meta.frame.turnBy);
  }
  const scalers = all.filter((m) => m.scaleTo);
  expect(scalers).toHaveLength(1);
  for (const size of [{ width: 40, height: 30 }, { width: 30, height: 40 }]) {
    const params = scalers[0]!.scaleTo!(size);
    const out = await convert(scalers[0]!.id, build(200, Math.round((200 * size.height) / size.width), 3, (x, y) => (x + y) % 256), params);
    expect({ width: out.width, height: out.height }).toEqual(size);
  }
});
