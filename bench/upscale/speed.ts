// npm run bench:upscale: AI upscale's speed on the server's engine (onnxruntime-node) and the
// device's (onnxruntime-web's WASM build, here in Node), in one process, on the same ONNX graph
// and the converter's tiles; then the peak RSS of a 2 MP → 8 MP ×2 upscale through the
// converter's real path, in a child process of its own. The last line is JSON.
//   --threads N   threads for both engines (default: all cores)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as ortWeb from "onnxruntime-web";
import sharp from "sharp";
import { runTiled, type TileModel } from "../../converters/ml/tiles";
import type { ModelManifest } from "../../converters/ml/model-export";
import files from "../../converters/ml/web/files.generated.json";
import { BackendSessions } from "../../converters/ml/web/sessions";
import { nodeUpscaler } from "../../converters/upscale/node/upscaler";

const { values } = parseArgs({ options: { threads: { type: "string" }, "rss-child": { type: "boolean" } } });
const threads = Number(values.threads ?? availableParallelism());
const root = join(import.meta.dirname, "..", "..");
const coffee = readFileSync(join(root, "test", "fixtures", "coffee.png"));
const TILE = 192; // as upscale-image.ts

if (values["rss-child"]) {
  // The child: one 2 MP → 8 MP ×2 upscale through the converter, then its own peak RSS.
  const { default: Vips } = await import("wasm-vips");
  const { upscaleImage } = await import("../../converters/upscale/upscale-image");
  const vips = await Vips();
  const input = vips.Image.newFromBuffer(await sharp(coffee).resize(1732, 1155, { fit: "fill" }).png().toBuffer());
  const out = await upscaleImage(vips, input, { scale: 2 }, (s) => nodeUpscaler(s, join(root, "data", "models"), threads), { signal: new AbortController().signal, onProgress: () => {} });
  const png = out.writeToBuffer(".png");
  console.log(JSON.stringify({ width: out.width, height: out.height, pngBytes: png.length, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

async function planes(width: number, height: number) {
  const raw = await sharp(coffee).resize(width, height, { fit: "fill" }).removeAlpha().raw().toBuffer();
  const out = new Float32Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) out[c * width * height + i] = raw[i * 3 + c]!;
  return out;
}

ortWeb.env.wasm.numThreads = threads;
const web = new BackendSessions(ortWeb, "wasm");
const manifest = files as ModelManifest;
async function webModel(scale: 2 | 4): Promise<TileModel> {
  const name = `esrgan-x${scale}`;
  const runner = await web.runner(name, () => new Uint8Array(readFileSync(join(root, "public", manifest.models[name]!.url))));
  return {
    scale,
    margin: Number(manifest.models[name]!.meta!.margin),
    channels: 3,
    run: async (tile, h, w) => (await runner.run({ x: new ortWeb.Tensor("float32", tile, [1, 3, h, w]) }, ["y"])).y!.data as Float32Array,
  };
}

// About 2 MP of output for each scale: 1000×500 in at ×2, 500×250 in at ×4.
const inputs = { 2: [1000, 500], 4: [500, 250] } as const;
const msPerMP: Record<string, number> = {};
for (const scale of [2, 4] as const) {
  const [w, h] = inputs[scale];
  const input = await planes(w, h);
  const outMP = (w * scale * h * scale) / 1e6;
  for (const [name, model] of [
    ["node", await nodeUpscaler(scale, join(root, "data", "models"), threads)],
    ["web", await webModel(scale)],
  ] as const) {
    await runTiled(input.subarray(0, 3 * 64 * 64), 64, 64, model, { tile: TILE }); // warm-up
    const start = performance.now();
    await runTiled(input, h, w, model, { tile: TILE });
    msPerMP[`${name}x${scale}`] = (performance.now() - start) / outMP;
    console.log(`×${scale} ${name === "node" ? "onnxruntime-node" : `onnxruntime-web (${web.description})`}: ${msPerMP[`${name}x${scale}`]!.toFixed(0)} ms per output MP (${w}×${h} → ${w * scale}×${h * scale})`);
  }
}

const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--rss-child", "--threads", String(threads)], { encoding: "utf8" });
if (child.status !== 0) throw new Error(`the RSS run failed: ${child.stderr}`);
const rss = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { width: number; height: number; maxRssMB: number };
console.log(`2 MP → 8 MP ×2 through the converter (1732×1155 → ${rss.width}×${rss.height}): peak RSS ${rss.maxRssMB} MB`);

const ratio = msPerMP.webx2! / msPerMP.nodex2!;
console.log(`web / node = ${ratio.toFixed(2)}× at ×2, ${(msPerMP.webx4! / msPerMP.nodex4!).toFixed(2)}× at ×4`);
console.log(
  JSON.stringify({
    nodeMsPerMP: Math.round(msPerMP.nodex2!),
    webMsPerMP: Math.round(msPerMP.webx2!),
    ratio: Number(ratio.toFixed(2)),
    nodeMsPerMPx4: Math.round(msPerMP.nodex4!),
    webMsPerMPx4: Math.round(msPerMP.webx4!),
    peakRssMB2to8MP: rss.maxRssMB,
    threads,
  }),
);
