// npm run bench:upscale: the AI upscale's speed on the server's engine (onnxruntime-node) and
// the device's (onnxruntime-web's WASM build with threads and SIMD, here in Node), in one process,
// on the same ONNX graph: ms per megapixel of output at ×2 (0.5 MP in, 2 MP out) and ×4
// (0.125 MP in, 2 MP out) with the weights the converter ships (model.ts), tiles of 192 as the converter runs them, one warm-up run each. Then the
// peak RSS of a 2 MP → 8 MP ×2 upscale through the converter's own path (upscaleImage with
// nodeUpscaler), in a child process so the figure is that run's alone. The last line is JSON.
//   --threads 2   threads for both engines (default: all cores)   --runs 1   timed runs per figure (mean)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Vips from "wasm-vips";

const root = join(import.meta.dirname, "..");
const fixtures = join(import.meta.dirname, "..", "..", "shared", "fixtures");
const cacheDir = join(root, "data", "models");
const TILE = 192; // upscale-image.ts's
const { values } = parseArgs({ options: { threads: { type: "string" }, runs: { type: "string", default: "1" }, "rss-child": { type: "boolean", default: false } } });
const threads = Number(values.threads ?? availableParallelism());

if (values["rss-child"]) {
  // The child: coffee enlarged to 1732×1155 (2.0 MP), ×2 through the converter to 3464×2310 (8.0 MP).
  const { nodeUpscaler } = await import("../converters/upscale/node/upscaler");
  const { upscaleImage } = await import("../converters/upscale/upscale-image");
  const vips = await Vips();
  let image = vips.Image.newFromBuffer(readFileSync(join(fixtures, "coffee.png")));
  image = image.resize(1732 / image.width, { vscale: 1155 / image.height });
  image = vips.Image.newFromMemory(image.writeToMemory(), image.width, image.height, image.bands, vips.BandFormat.uchar).copy({ interpretation: "srgb" });
  const before = process.memoryUsage().rss;
  const beforeMax = process.resourceUsage().maxRSS;
  const start = performance.now();
  const out = await upscaleImage(vips, image, { scale: 2 }, (s) => nodeUpscaler(s, cacheDir, threads), { signal: new AbortController().signal, onProgress: () => {} });
  const pixels = out.writeToMemory().length;
  const ms = performance.now() - start;
  console.log(
    JSON.stringify({ input: [image.width, image.height], output: [out.width, out.height], bytes: pixels, ms, rssBeforeMB: before / 2 ** 20, maxRssBeforeMB: beforeMax / 1024, maxRssMB: process.resourceUsage().maxRSS / 1024 }),
  );
  process.exit(0);
}

const ortWeb = await import("onnxruntime-web");
const { buildForwardGraph } = await import("../converters/ml/forward-graph");
const { receptiveField } = await import("../converters/ml/net");
const { runTiled } = await import("../converters/ml/tiles");
type TileModel = import("../converters/ml/tiles").TileModel;
const { BackendSessions } = await import("../converters/ml/web/sessions");
const { SCALES } = await import("../converters/upscale/model");
const { weightsSource } = await import("../converters/upscale/node/weights");
const { nodeUpscaler } = await import("../converters/upscale/node/upscaler");
const { esrganNet } = await import("../converters/upscale/node/weights");

const runs = Number(values.runs);
ortWeb.env.wasm.numThreads = threads;
const vips = await Vips();
const coffee = vips.Image.newFromBuffer(readFileSync(join(fixtures, "coffee.png")));
const load = loadavg()[0]!;

/** The fixture photo resized to about `mp` megapixels (3:2), as 0–255 float planes. */
function inputPlanes(width: number, height: number): Float32Array {
  let image = coffee.resize(width / coffee.width, { vscale: height / coffee.height });
  if (image.hasAlpha()) image = image.flatten();
  const raw = new Uint8Array(image.writeToMemory().buffer);
  const n = width * height;
  const planes = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planes[c * n + i] = raw[i * 3 + c]!;
  return planes;
}

async function webUpscaler(scale: 2 | 4): Promise<{ model: TileModel; description: string }> {
  const net = esrganNet(scale);
  const sessions = new BackendSessions(ortWeb, "wasm");
  const runner = await sessions.runner(`esrgan-x${scale}`, () => buildForwardGraph(net, `esrgan-x${scale}`));
  return {
    description: sessions.description,
    model: {
      scale,
      margin: receptiveField(net).margin,
      channels: 3,
      run: async (t, h, w) => (await runner.run({ x: new ortWeb.Tensor("float32", t, [1, 3, h, w]) }, ["y"])).y!.data as Float32Array,
    },
  };
}

const sizes: Record<2 | 4, [number, number]> = { 2: [866, 577], 4: [433, 289] };
const msPerMP: Record<string, number> = {};
let webDescription = "";
let worstDiff = 0;
for (const scale of SCALES) {
  const [w, h] = sizes[scale];
  const input = inputPlanes(w, h);
  const outMP = (w * h * scale * scale) / 1e6;
  const results: Record<string, Float32Array> = {};
  for (const engine of ["node", "web"] as const) {
    const model = engine === "node" ? await nodeUpscaler(scale, cacheDir, threads) : await webUpscaler(scale).then((u) => ((webDescription = u.description), u.model));
    results[engine] = await runTiled(input, h, w, model, { tile: TILE }); // warm-up
    const start = performance.now();
    for (let r = 0; r < runs; r++) await runTiled(input, h, w, model, { tile: TILE });
    const ms = (performance.now() - start) / runs;
    msPerMP[`${engine} x${scale}`] = ms / outMP;
    console.error(`${engine} ×${scale}: ${w}×${h} → ${w * scale}×${h * scale} in ${ms.toFixed(0)} ms`);
  }
  worstDiff = Math.max(worstDiff, results.node!.reduce((m, v, i) => Math.max(m, Math.abs(v - results.web![i]!)), 0));
}

// Peak RSS of the converter's 2 MP → 8 MP ×2 in its own process.
const child = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--rss-child", "--threads", String(threads)], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
const lastLine = child.stdout.trim().split("\n").at(-1) ?? "";
if (child.status !== 0 || !lastLine.startsWith("{")) throw new Error(`RSS child failed (${child.status}): ${child.stderr}`);
const rss = JSON.parse(lastLine) as { input: number[]; output: number[]; ms: number; rssBeforeMB: number; maxRssBeforeMB: number; maxRssMB: number };

const ms = (n: number) => n.toFixed(0).padStart(6);
console.log(`\nAI upscale (${weightsSource()}), ms per output megapixel, tile ${TILE}, ${threads} threads, ${runs} timed run(s) after a warm-up; load average at start ${load.toFixed(2)}\n`);
console.log("| engine                              |     ×2 |     ×4 |");
console.log("|-------------------------------------|--------|--------|");
console.log(`| onnxruntime-node                    | ${ms(msPerMP["node x2"]!)} | ${ms(msPerMP["node x4"]!)} |`);
console.log(`| onnxruntime-web (${webDescription.padEnd(18)}) | ${ms(msPerMP["web x2"]!)} | ${ms(msPerMP["web x4"]!)} |`);
console.log(`| web / node                          | ${(msPerMP["web x2"]! / msPerMP["node x2"]!).toFixed(2).padStart(5)}× | ${(msPerMP["web x4"]! / msPerMP["node x4"]!).toFixed(2).padStart(5)}× |`);
console.log(`\n×2 input ${sizes[2].join("×")}, ×4 input ${sizes[4].join("×")} (coffee.png resized); largest |node − web| on the float output: ${worstDiff.toExponential(2)}`);
console.log(
  `\nConverter path ${rss.input.join("×")} → ${rss.output.join("×")} (×2) in a child process: ${(rss.ms / 1000).toFixed(1)} s, peak RSS ${rss.maxRssMB.toFixed(0)} MB` +
    ` (RSS ${rss.rssBeforeMB.toFixed(0)} MB before the upscale, after loading Node, tsx, wasm-vips and the 2 MP input)\n`,
);
const round = (n: number) => Math.round(n);
console.log(
  JSON.stringify({
    nodeMsPerMP: round(msPerMP["node x2"]!),
    webMsPerMP: round(msPerMP["web x2"]!),
    ratio: Number((msPerMP["web x2"]! / msPerMP["node x2"]!).toFixed(2)),
    nodeMsPerMPx4: round(msPerMP["node x4"]!),
    webMsPerMPx4: round(msPerMP["web x4"]!),
    peakRssMB2to8MP: round(rss.maxRssMB),
  }),
);
