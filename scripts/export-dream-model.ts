// Writes what an on-device dream downloads: the InceptionV3 trunk file (public/models/, named by
// its hash, so the service worker's cache-first copy is never stale) and a manifest of it and
// of onnxruntime-web's files, with sizes for the download bar, for the browser worker's bundle.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DREAM_LAYERS } from "../converters/deepdream/meta";
import { readNsfwjsTrunk, weightsSource } from "../converters/deepdream/node/inception";
import { encodeTrunk } from "../converters/deepdream/trunk-file";

const root = join(import.meta.dirname, "..");
const models = join(root, "public", "models");
const manifestFile = join(root, "converters", "deepdream", "web", "files.generated.json");
const ortRoot = join(dirname(createRequire(import.meta.url).resolve("onnxruntime-web")), "..");
const { version } = JSON.parse(readFileSync(join(ortRoot, "package.json"), "utf8")) as { version: string };
const ortBase = `/vendor/ort-${version}/`;
const size = (url: string) => statSync(join(root, "public", url)).size;

// The trunk depends only on the weights package and this file format, so it is rebuilt only when either changes.
const key = createHash("sha256").update(`${weightsSource()}|trunk-file-1`).digest("hex").slice(0, 12);
const deepest = DREAM_LAYERS.at(-1)!;
const trunkUrl = `/models/inception-v3-to-${deepest}-${key}.bin`;
if (!existsSync(join(root, "public", trunkUrl))) {
  mkdirSync(models, { recursive: true });
  for (const old of readdirSync(models)) rmSync(join(models, old));
  writeFileSync(join(root, "public", trunkUrl), encodeTrunk(readNsfwjsTrunk(deepest)));
}

const build = (module: string, binary: string) => ({ module: ortBase + module, binary: ortBase + binary, bytes: size(ortBase + binary) });
const manifest = {
  trunk: { url: trunkUrl, bytes: size(trunkUrl) },
  ort: {
    base: ortBase,
    wasm: build("ort.wasm.min.mjs", "ort-wasm-simd-threaded.wasm"),
    webgpu: build("ort.webgpu.min.mjs", "ort-wasm-simd-threaded.asyncify.wasm"),
  },
};
mkdirSync(join(root, "converters", "deepdream", "web"), { recursive: true });
writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
console.log(`dream model: ${trunkUrl} (${(manifest.trunk.bytes / 1e6).toFixed(1)} MB), onnxruntime-web ${version}`);
