// npm run bench:cutout: Remove background on 2 and 12 MP photos, on onnxruntime-node (the
// server's worker) and onnxruntime-web's WASM build (the device's engine, here in Node, pinned to
// the same threads): ms for the network and for the refinement, the whole job's peak RSS (in a
// process of its own), and the quality table: IoU and boundary F (within 2 px) of the refined
// and of the plain bilinear mask against the quality set's known masks, at its size and 4× it.
// The last line is JSON.
//   --runs 3   timed runs per size and engine (after a warm-up)   --threads 2
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as ortWeb from "onnxruntime-web";
import sharp from "sharp";
import Vips from "wasm-vips";
import type { ModelManifest } from "../converters/ml/model-export";
import files from "../converters/ml/web/files.generated.json";
import { type CutoutTimes, fullSizeMask, networkInput, normaliseMap, removeBackground } from "../converters/remove-background/cutout";
import { meta } from "../converters/remove-background/meta";
import { INPUT_NAME, MODEL_NAME, OUTPUT_NAME, type Segmenter, SIDE } from "../converters/remove-background/model";
import { nodeSegmenter } from "../converters/remove-background/node/segmenter";
import { boundaryF, iou } from "../converters/remove-background/quality";
import { runServerConversion } from "../converters/engine/server-pipeline";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, threads: { type: "string", default: "2" }, job: { type: "string" } } });
const threads = Number(values.threads);
const set = join(import.meta.dirname, "..", "test", "fixtures", "cutout");
const CASES = ["horse-on-cat", "disc-on-brick", "horse-on-rocket", "disc-on-gravel"];
const SIZES = { "2 MP": [1632, 1224], "12 MP": [4000, 3000] } as const;
const vips = await Vips();
const context = { signal: new AbortController().signal, onProgress: () => {}, cacheDir: join("data", "models"), threads };
const photoAt = ([w, h]: readonly [number, number]) => sharp(join(set, "horse-on-cat.jpg")).resize(w, h, { fit: "fill", kernel: "lanczos3" }).jpeg({ quality: 90 }).toBuffer();

// A child run: one whole job (decode, cutout, PNG encode) on the 12 MP photo, for its peak RSS.
if (values.job) {
  const size = SIZES[values.job as keyof typeof SIZES];
  await runServerConversion(vips, await photoAt(size), { steps: [{ converter: "remove-background" }], format: "png" }, 40e6, context);
  console.log(JSON.stringify({ peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

ortWeb.env.wasm.numThreads = threads;
const modelBytes = new Uint8Array(readFileSync(join(import.meta.dirname, "..", "public", (files as ModelManifest).models[MODEL_NAME]!.url)));
const webSession = await ortWeb.InferenceSession.create(modelBytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
const engines: Record<"node" | "web", Segmenter> = {
  node: await nodeSegmenter(threads),
  web: async (input) => (await webSession.run({ [INPUT_NAME]: new ortWeb.Tensor("float32", input, [1, 3, SIDE, SIDE]) }))[OUTPUT_NAME]!.data as Float32Array,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const params = meta.params.parse({});
const speed: Record<string, Record<string, { networkMs: number; refineMs: number }>> = {};
for (const [label, size] of Object.entries(SIZES)) {
  const image = vips.Image.newFromBuffer(await photoAt(size));
  for (const engine of ["node", "web"] as const) {
    const runs: CutoutTimes[] = [];
    for (let i = 0; i <= Number(values.runs); i++) {
      // A fresh input each run (one level brighter or not, alternately, and on its own engine), so
      // the map remembered for touch-ups is not reused.
      const times = { networkMs: 0, refineMs: 0 };
      const varied = image.linear(1, engine === "node" ? i : 100 + i).cast(vips.BandFormat.uchar);
      await removeBackground(vips, varied, params, async () => engines[engine], context, times);
      if (i > 0) runs.push(times);
    }
    const figures = { networkMs: Math.round(median(runs.map((r) => r.networkMs))), refineMs: Math.round(median(runs.map((r) => r.refineMs))) };
    (speed[label] ??= {})[engine] = figures;
    console.log(`${label} on ${engine === "node" ? "onnxruntime-node" : "onnxruntime-web (WASM)"}, ${threads} threads: network ${figures.networkMs} ms, refinement ${figures.refineMs} ms`);
  }
}
const total = (f: { networkMs: number; refineMs: number }) => f.networkMs + f.refineMs;
const deviceRatio = total(speed["12 MP"]!.web!) / total(speed["12 MP"]!.node!);
console.log(`12 MP cutout: server ${total(speed["12 MP"]!.node!)} ms, device ${total(speed["12 MP"]!.web!)} ms (${deviceRatio.toFixed(2)}×)`);

const child = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, "--job", "12 MP", "--threads", String(threads)], { encoding: "utf8" });
const { peakRssMB } = JSON.parse(child.trim().split("\n").at(-1)!) as { peakRssMB: number };
console.log(`whole 12 MP job (decode, cutout, PNG): peak RSS ${peakRssMB} MB`);

console.log("\nquality set: IoU and boundary F (2 px), bilinear → refined");
const quality: { name: string; scale: number; iou: [number, number]; f: [number, number] }[] = [];
for (const scale of [1, 4]) {
  for (const name of CASES) {
    const input = await sharp(join(set, `${name}.jpg`)).resize({ width: 960 * scale, kernel: "lanczos3" }).toBuffer();
    const { data: truth } = await sharp(join(set, `${name}.mask.png`)).resize({ width: 960 * scale, kernel: "lanczos3" }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const image = vips.Image.newFromBuffer(input);
    const coarse = normaliseMap(await engines.node(networkInput(new Uint8Array(image.thumbnailImage(SIDE, { height: SIDE, size: "force" }).writeToMemory().buffer))));
    const masks = [fullSizeMask(image, coarse, "soft"), fullSizeMask(image, coarse, "refined")] as const;
    const known = new Uint8Array(truth);
    const row = { name, scale, iou: masks.map((m) => iou(m, known)) as [number, number], f: masks.map((m) => boundaryF(m, known, image.width, image.height)) as [number, number] };
    quality.push(row);
    console.log(`${name.padEnd(16)} ${image.width}×${image.height}: IoU ${row.iou[0].toFixed(4)} → ${row.iou[1].toFixed(4)}; F ${row.f[0].toFixed(4)} → ${row.f[1].toFixed(4)}`);
  }
}
const mean = (xs: number[]) => Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4));
const summary = (scale: number) => {
  const rows = quality.filter((q) => q.scale === scale);
  return { iouBilinear: mean(rows.map((r) => r.iou[0])), iouRefined: mean(rows.map((r) => r.iou[1])), fBilinear: mean(rows.map((r) => r.f[0])), fRefined: mean(rows.map((r) => r.f[1])) };
};
console.log(JSON.stringify({ threads, speed, deviceRatio: Number(deviceRatio.toFixed(2)), peakRssMB, quality: { native: summary(1), x4: summary(4) } }));
