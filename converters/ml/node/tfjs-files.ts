// Reads a tfjs layers model (model.json and its binary shards) from a directory, as the weights
// packages ship them, into the Keras source the Net is built from.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { KerasLayer, KerasSource, WeightEntry } from "../keras";

interface ModelJson {
  modelTopology: { model_config?: { config: { layers: KerasLayer[] } }; config?: { layers: KerasLayer[] } };
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

export function readTfjsModel(dir: string): KerasSource {
  const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ModelJson;
  const layers = (json.modelTopology.model_config ?? json.modelTopology).config!.layers;
  const weights = json.weightsManifest.flatMap((group) => group.weights);
  const bytes = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths).map((path) => readFileSync(join(dir, path))));
  return { layers, weights, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** The installed package's root directory and version (its exports need not list package.json). */
export function installedPackage(name: string): { dir: string; version: string } {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version: string };
      if (json.name === name) return { dir, version: json.version };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`Cannot find the root of ${name}`);
    dir = up;
  }
}
