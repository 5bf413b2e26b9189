// npm run bench:dream-web: the on-device dream engine (onnxruntime-web, WASM with threads and
// SIMD, here in Node) against the server's (onnxruntime-node), in one process, on the same graph
// and the same dream loop. Reports ms per dream step on a 512×512 image (1 octave, tiles as the
// converter uses them), their ratio, and how far whole dreams on each drift apart.
// The last line is JSON.
// Both engines run with the same number of threads (the node side's intra-op threads pinned to
// the web side's), and each is warmed up for two steps first: V8 runs WebAssembly on its
// baseline compiler until the hot functions tier up, which takes a few hundred milliseconds of
// convolution, and a dream on the device runs for minutes at the tiered-up speed.
//   --steps 6   steps to time per engine (after the warm-up)   --threads N   threads each (default: all cores)
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as ortWeb from "onnxruntime-web";
import sharp from "sharp";
import Vips from "wasm-vips";
import { dream, type GradientFn } from "../converters/deepdream/dream";
import { dreamImage } from "../converters/deepdream/dream-image";
import { meta } from "../converters/deepdream/meta";
import { dreamGradient } from "../converters/deepdream/node/session";
import { fromRgb8 } from "../converters/deepdream/planar";
import type { ModelManifest } from "../converters/ml/model-export";
import files from "../converters/ml/web/files.generated.json";
import { TRUNK_MODEL } from "../converters/deepdream/export-name";
import { WebDreamRuntime } from "../converters/deepdream/web/runtime";
import { runHeavyConversion } from "../converters/engine/pipeline";
import type { HeavyContext, VipsModule } from "../converters/types";

const { values } = parseArgs({ options: { steps: { type: "string", default: "6" }, threads: { type: "string" } } });
const steps = Number(values.steps);
const threads = Number(values.threads ?? availableParallelism());
const fixtures = join(import.meta.dirname, "..", "test", "fixtures");
const layers = meta.params.parse({}).layers;

ortWeb.env.wasm.numThreads = threads;
const trunk = new Uint8Array(readFileSync(join(import.meta.dirname, "..", "public", (files as ModelManifest).models[TRUNK_MODEL]!.url)));
const web = new WebDreamRuntime(ortWeb, trunk, "wasm");
const engines: Record<"node" | "web", GradientFn> = {
  node: await dreamGradient(layers, join("data", "models"), threads),
  web: await web.gradient(layers),
};

// A dream step at 512²: the converter's 256 px tiles (4 of them), the update, the progress.
const raw = await sharp(readFileSync(join(fixtures, "coffee.png"))).resize(512, 512, { fit: "fill" }).removeAlpha().raw().toBuffer();
const image = fromRgb8(new Uint8Array(raw), 512, 512);
const options = { octaves: 1, octaveScale: 1.4, stepSize: 0.02, jitter: 32, seed: 0, tile: 256, minSide: 75 };
const msPerStep: Record<string, number> = {};
for (const name of ["node", "web"] as const) {
  await dream(image, { ...options, steps: 2 }, { gradient: engines[name] }); // warm-up: first-run allocations, WebAssembly tier-up
  const start = performance.now();
  await dream(image, { ...options, steps }, { gradient: engines[name] });
  msPerStep[name] = (performance.now() - start) / steps;
  console.log(`${name === "node" ? `onnxruntime-node (${threads} threads)` : `onnxruntime-web (${web.description})`}: ${msPerStep[name]!.toFixed(0)} ms per step at 512²`);
}
const ratio = msPerStep.web! / msPerStep.node!;
console.log(`web / node = ${ratio.toFixed(2)}×`);

// Whole dreams of chelsea at 256 px (seed 0) through the converter on each engine. DeepDream is
// chaotic: a MaxPool or ReLU that flips moves a pixel a whole step, and that spreads. So each
// figure comes with its noise floor: the server against itself with every gradient value scaled
// by 1 + 1e-6, a change the size of float rounding that the step's normalisation cancels.
const vips: VipsModule = await Vips();
const input = new Uint8Array(readFileSync(join(fixtures, "chelsea.png")));
const rounding: GradientFn = async (tile, h, w) => (await engines.node(tile, h, w)).map((v) => v * (1 + 1e-6));
async function dreamOn(gradient: GradientFn, params: Record<string, unknown>): Promise<Buffer> {
  const run = (v: VipsModule, image: Parameters<typeof dreamImage>[1], p: never, context: HeavyContext) => dreamImage(v, image, p, async () => gradient, context);
  const request = { steps: [{ converter: "deepdream", params }], format: "png" as const };
  const out = await runHeavyConversion(new Map([["deepdream", run]]), vips, input, request, 40e6, { signal: new AbortController().signal, onProgress: () => {} });
  return sharp(out.data).removeAlpha().raw().toBuffer();
}
const mad = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
const original = await sharp(input).resize(256, 170, { fit: "fill", kernel: "lanczos3" }).removeAlpha().raw().toBuffer();
const parity: Record<string, { deviceVsServer: number; noiseFloor: number; change: number }> = {};
for (const [name, p] of Object.entries({ "1 octave × 5 steps": { octaves: 1, steps: 5 }, "defaults, 3 octaves × 10 steps": {} })) {
  const params = { ...meta.params.parse({}), maxSize: 256, ...p };
  const server = await dreamOn(engines.node, params);
  const figures = { deviceVsServer: mad(server, await dreamOn(engines.web, params)), noiseFloor: mad(server, await dreamOn(rounding, params)), change: mad(server, original) };
  parity[name] = figures;
  console.log(`${name}, 256 px: mean |server − device| ${figures.deviceVsServer.toFixed(2)} levels; server against itself with rounding-size noise ${figures.noiseFloor.toFixed(2)}; change from the photo ${figures.change.toFixed(1)}`);
}
const round2 = (n: number) => Number(n.toFixed(2));
console.log(
  JSON.stringify({
    ratio: round2(ratio),
    nodeMsPerStep: Math.round(msPerStep.node!),
    webMsPerStep: Math.round(msPerStep.web!),
    webThreads: threads,
    meanAbsDiff: Object.fromEntries(Object.entries(parity).map(([k, v]) => [k, { deviceVsServer: round2(v.deviceVsServer), noiseFloor: round2(v.noiseFloor) }])),
  }),
);
