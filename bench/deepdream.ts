// npm run bench:deepdream: one DeepDream job's work (decode, 3 octaves × 10 steps on mixed3 +
// mixed5, encode) as the worker thread runs it, on a 1024×768 photo. The baseline, in the same
// process, is the same dream untiled, as the planning probe ran it. The last line is JSON.
//   --size 4000x3000   another size (maxSize follows it)     --baseline false   skip the baseline
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import Vips from "wasm-vips";
import { dream } from "../converters/deepdream/dream";
import { graphFile, dreamGradient } from "../converters/deepdream/node/session";
import { fromRgb8 } from "../converters/deepdream/planar";
import { runServerConversion } from "../converters/engine/server-pipeline";
import type { VipsModule } from "../converters/types";

const { values } = parseArgs({ options: { size: { type: "string", default: "1024x768" }, baseline: { type: "string", default: "true" } } });
const [width, height] = values.size.split("x").map(Number) as [number, number];
const cacheDir = join("data", "models");
const out = join(import.meta.dirname, "out");
mkdirSync(out, { recursive: true });

const fixture = join(import.meta.dirname, "..", "test", "fixtures", "coffee.png");
const input = new Uint8Array(await sharp(readFileSync(fixture)).resize(width, height, { fit: "fill" }).jpeg({ quality: 92 }).toBuffer());
const params = { layers: ["mixed3", "mixed5"], octaves: 3, steps: 10, maxSize: Math.max(width, height) };
graphFile(["mixed3", "mixed5"], cacheDir); // built once per machine; not part of a job's time

const vips: VipsModule = await Vips();
const rssBefore = process.resourceUsage().maxRSS / 1024;
let lastProgress = 0;
const start = performance.now();
const result = await runServerConversion(vips, input, { steps: [{ converter: "deepdream", params }], format: "jpeg", quality: 90 }, 40e6, {
  signal: new AbortController().signal,
  cacheDir,
  onProgress: (p) => {
    if (p < lastProgress) throw new Error("progress fell");
    lastProgress = p;
  },
});
const seconds = (performance.now() - start) / 1000;
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
writeFileSync(join(out, `deepdream-${width}x${height}-before.jpg`), input);
writeFileSync(join(out, `deepdream-${width}x${height}-after.jpg`), result.data);
console.log(`dream ${width}×${height} → ${result.width}×${result.height}: ${seconds.toFixed(2)} s, peak RSS ${peakRssMB} MB (${Math.round(rssBefore)} MB before the job)`);

// Where the job's time goes: the same dream as the converter runs it (256 px tiles), its network
// calls timed apart from the loop around them (tiling, rolls, normalisation, the update); the
// job's remainder is decoding, resizing, encoding and the pipeline.
const raw = await sharp(input).removeAlpha().raw().toBuffer();
const network = await dreamGradient(["mixed3", "mixed5"], cacheDir);
let networkMs = 0;
const timed: typeof network = async (tile, h, w) => {
  const t = performance.now();
  const g = await network(tile, h, w);
  networkMs += performance.now() - t;
  return g;
};
const dreamStart = performance.now();
await dream(fromRgb8(new Uint8Array(raw), width, height), { octaves: 3, octaveScale: 1.4, steps: 10, stepSize: 0.02, jitter: 32, seed: 0, tile: 256, minSide: 75 }, { gradient: timed });
const dreamMs = performance.now() - dreamStart;
const parts = { networkSeconds: +(networkMs / 1000).toFixed(2), loopSeconds: +((dreamMs - networkMs) / 1000).toFixed(2), restOfJobSeconds: +(seconds - dreamMs / 1000).toFixed(2) };
console.log(`parts: the network ${parts.networkSeconds} s, the dream loop around it ${parts.loopSeconds} s, the rest of the job (decode, resize, encode) ${parts.restOfJobSeconds} s`);

let ratio: number | undefined;
if (values.baseline === "true") {
  // The same dream without tiles, on the same session: what the planning probe measured.
  const gradient = await dreamGradient(["mixed3", "mixed5"], cacheDir);
  const t = performance.now();
  await dream(fromRgb8(new Uint8Array(raw), width, height), { octaves: 3, octaveScale: 1.4, steps: 10, stepSize: 0.02, jitter: 32, seed: 0, tile: Infinity, minSide: 75 }, { gradient });
  const untiled = (performance.now() - t) / 1000;
  ratio = seconds / untiled;
  console.log(`baseline, untiled: ${untiled.toFixed(2)} s; tiled/untiled = ${ratio.toFixed(2)}`);
}
console.log(JSON.stringify({ seconds: Number(seconds.toFixed(2)), peakRssMB, parts, ...(ratio !== undefined && { ratioToUntiled: Number(ratio.toFixed(2)) }) }));
