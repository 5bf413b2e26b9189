// Reads the InceptionV3 trunk from the nsfwjs package. nsfwjs fine-tuned the layers after mixed5
// for its own task (everything up to mixed5 is trainable:false), so the dream layers stop there.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { entryBytes, type KerasLayer, type TrunkSource, trunkNet, type WeightEntry } from "../inception";
import type { DreamLayer } from "../meta";
import type { Net } from "../../ml/net";

interface ModelJson {
  modelTopology: { model_config: { config: { layers: KerasLayer[] } } };
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

const require = createRequire(import.meta.url);
// nsfwjs's exports wrap each base64 shard with __importStar, which copies a 5.6 MB string
// into an object key by key (7 s a shard); requiring the UMD files by path returns the string.
const packageRoot = () => join(dirname(require.resolve("nsfwjs")), "..", "..");
const modelDir = () => join(packageRoot(), "dist", "models", "inception_v3");

/** "nsfwjs@4.4.0/inception_v3": part of the graph cache key, so new weights never meet an old graph. */
export function weightsSource(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return `nsfwjs@${version}/inception_v3`;
}

/** The layers up to `last` and only their weights' bytes, out of the manifest's shards. */
export function readNsfwjsTrunk(last: DreamLayer): TrunkSource {
  const json = require(join(modelDir(), "model.min.js")) as ModelJson;
  const all = json.modelTopology.model_config.config.layers;
  const end = all.findIndex((l) => l.name === last);
  if (end < 0) throw new Error(`InceptionV3 has no layer ${last}`);
  const layers = all.slice(0, end + 1);
  const names = new Set(layers.map((l) => l.name));
  const entries = json.weightsManifest.flatMap((group) => group.weights);
  const wanted = entries.filter((e) => names.has(e.name.split("/")[0]!));
  const isWanted = new Set(wanted);
  const needed = entries.indexOf(wanted.at(-1)!) + 1;
  const neededBytes = entries.slice(0, needed).reduce((sum, e) => sum + entryBytes(e), 0);
  // Shards are read in order only as far as the last wanted entry.
  const shards: Buffer[] = [];
  let read = 0;
  for (const path of json.weightsManifest.flatMap((group) => group.paths)) {
    if (read >= neededBytes) break;
    const file = join(modelDir(), `${path}.min.js`);
    shards.push(Buffer.from(require(file) as string, "base64"));
    delete require.cache[file]; // 5.6 MB of base64 each, needed once
    read += shards.at(-1)!.length;
  }
  const all8 = Buffer.concat(shards);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries.slice(0, needed)) {
    const size = entryBytes(entry);
    if (isWanted.has(entry)) parts.push(all8.subarray(offset, offset + size));
    offset += size;
  }
  return { layers, weights: wanted, bytes: new Uint8Array(Buffer.concat(parts)) };
}

/** Loads the trunk up to `last` (inclusive), batch norms folded into their convs. */
export const loadInceptionTrunk = (last: DreamLayer): Net => trunkNet(readNsfwjsTrunk(last), last);
