// Writes what on-device heavy converters download: each converter's export.ts lists its model
// files, built here into public/models/ under names carrying a hash of their source, and a
// manifest of them and of onnxruntime-web's files (with sizes, for the download bar) for the
// browser worker's bundle. Adding a heavy converter adds an export.ts; nothing here changes.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ModelExport, ModelManifest } from "../converters/ml/model-export";

const root = join(import.meta.dirname, "..");
const converters = join(root, "converters");
const modelsDir = join(root, "public", "models");
const manifestFile = join(converters, "ml", "web", "files.generated.json");
const ortRoot = join(dirname(createRequire(import.meta.url).resolve("onnxruntime-web")), "..");
const { version } = JSON.parse(readFileSync(join(ortRoot, "package.json"), "utf8")) as { version: string };
const ortBase = `/vendor/ort-${version}/`;
const size = (url: string) => statSync(join(root, "public", url)).size;

const exporters = readdirSync(converters, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(converters, d.name, "meta.ts")) && existsSync(join(converters, d.name, "export.ts")))
  .map((d) => d.name)
  .sort();

mkdirSync(modelsDir, { recursive: true });
const models: ModelManifest["models"] = {};
for (const id of exporters) {
  const { models: list } = (await import(join(converters, id, "export.ts"))) as { models: ModelExport[] };
  for (const model of list) {
    const key = createHash("sha256").update(model.source).digest("hex").slice(0, 12);
    const url = `/models/${model.name}-${key}.${model.extension}`;
    if (!existsSync(join(root, "public", url))) writeFileSync(join(root, "public", url), model.build());
    models[model.name] = { url, bytes: size(url), ...(model.meta && { meta: model.meta }) };
  }
}
// Files of older versions go: the service worker drops its copies as new ones arrive.
const current = new Set(Object.values(models).map((m) => m.url.slice("/models/".length)));
for (const old of readdirSync(modelsDir)) if (!current.has(old)) rmSync(join(modelsDir, old));

const build = (module: string, binary: string) => ({ module: ortBase + module, binary: ortBase + binary, bytes: size(ortBase + binary) });
const manifest: ModelManifest = {
  ort: { base: ortBase, wasm: build("ort.wasm.min.mjs", "ort-wasm-simd-threaded.wasm"), webgpu: build("ort.webgpu.min.mjs", "ort-wasm-simd-threaded.asyncify.wasm") },
  models,
};
mkdirSync(dirname(manifestFile), { recursive: true });
writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
const mb = (n: number) => (n / 1e6).toFixed(1);
console.log(`models: ${Object.entries(models).map(([name, m]) => `${name} (${mb(m.bytes)} MB)`).join(", ")}; onnxruntime-web ${version}`);
