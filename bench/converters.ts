// npm run bench: for a 12 MP JPEG, each converter end to end (decode, op, JPEG q80 encode) on
// wasm-vips against sharp in the same process. Median of 5 runs after one warm-up.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import Vips from "wasm-vips";
import { runPipeline } from "../converters/engine/pipeline";
import { runners } from "../converters/runners.generated";
import type { VipsModule } from "../converters/types";
import { queueHandles, withHandles } from "../converters/engine/vips-handles";
import { baselines } from "./sharp-baseline";

const RUNS = 5;
const QUALITY = 80;

async function median(fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const fixture = join(import.meta.dirname, "..", "test", "fixtures", "coffee.png");
const input = await sharp(readFileSync(fixture)).resize(4000, 3000, { fit: "fill" }).jpeg({ quality: 90 }).toBuffer();
const bytes = new Uint8Array(input);
// Every handle is freed after each run (converters/engine/vips-handles.ts), as the worker threads do: left
// to the garbage collector, 20 converters × 6 runs of a 12 MP photo ran the wasm heap out of memory.
const vips: VipsModule = queueHandles(await Vips());
// Both engines get every core. (sharp defaults to one thread on glibc without jemalloc.)
const threads = Number(process.env.BENCH_THREADS ?? (await import("node:os")).availableParallelism());
sharp.concurrency(threads);
vips.concurrency(threads);
// Same JPEG settings on both sides: libvips' jpegsave defaults, no trellis or optimised Huffman.
const jpeg = { quality: QUALITY, optimiseCoding: false, chromaSubsampling: "4:2:0" } as const;

console.log(`input: 4000×3000 JPEG, ${(input.length / 1e6).toFixed(1)} MB; threads: ${threads}; median of ${RUNS}`);
const decodeWasm = await median(() => withHandles(vips, () => vips.Image.newFromBuffer(bytes, "", { access: "sequential" }).writeToMemory()));
const decodeSharp = await median(() => sharp(input).raw().toBuffer());
console.log(`JPEG decode alone: wasm-vips ${decodeWasm.toFixed(0)} ms, sharp ${decodeSharp.toFixed(0)} ms, ratio ${(decodeWasm / decodeSharp).toFixed(2)}`);

const rows: Array<{ id: string; wasm: number; native: number; ratio: number; proxy?: string }> = [];
for (const { meta } of runners) {
  const baseline = baselines[meta.id];
  if (!baseline) throw new Error(`bench/sharp-baseline.ts has no baseline for ${meta.id}`);
  const wasm = await median(() => withHandles(vips, () => runPipeline(vips, bytes, { steps: [{ converter: meta.id }], format: "jpeg", quality: QUALITY })));
  const native = await median(async () => (await baseline.apply(sharp(input), 4000, 3000)).jpeg(jpeg).toBuffer());
  rows.push({ id: meta.id, wasm, native, ratio: wasm / native, proxy: baseline.proxy });
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(`${pad("converter", 16)}${pad("wasm-vips ms", 14)}${pad("sharp ms", 10)}ratio`);
for (const r of rows) {
  console.log(`${pad(r.id, 16)}${pad(r.wasm.toFixed(0), 14)}${pad(r.native.toFixed(0), 10)}${r.ratio.toFixed(2)}${r.proxy ? `  (sharp: ${r.proxy})` : ""}`);
}
const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
const mid = ratios.length / 2;
const medianRatio = ratios.length % 2 ? ratios[Math.floor(mid)]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
console.log(JSON.stringify({ medianRatio: +medianRatio.toFixed(3), maxRatio: +ratios.at(-1)!.toFixed(3) }));
