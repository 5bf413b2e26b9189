import sharp from "sharp";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { fromRgb8, toRgb8 } from "../converters/deepdream/planar";
import { loadInceptionTrunk } from "../converters/deepdream/node/inception";
import { styleModel, sessionEngine, deepestDreamLayer } from "../converters/style-transfer/style-model";
import { transfer } from "../converters/style-transfer/transfer";
import { colourDistance } from "../converters/style-transfer/colour";

const [contentFile, styleFile, out, extra] = process.argv.slice(2);
const opts = JSON.parse(extra ?? "{}");
const size = opts.size ?? 256;
async function load(file: string, side: number) {
  const { data, info } = await sharp(file).removeAlpha().toColourspace("srgb").resize(side, side, { fit: "inside" }).raw().toBuffer({ resolveWithObject: true });
  const rgb = info.channels === 3 ? new Uint8Array(data) : new Uint8Array(info.width * info.height * 3).map((_, i) => data[Math.floor(i / 3) * info.channels]!);
  return fromRgb8(rgb, info.width, info.height);
}
const content = await load(contentFile!, size);
const style = await load(styleFile!, opts.styleSize ?? size);
const layers = { content: opts.content ?? "mixed3", style: opts.style ?? ["stem1", "stem3", "stem5", "mixed0", "mixed1", "mixed2"] };
const trunk = loadInceptionTrunk(deepestDreamLayer(layers));
const session = await InferenceSession.create(styleModel(trunk, layers), { intraOpNumThreads: 2, graphOptimizationLevel: "all", enableCpuMemArena: false });
const engine = sessionEngine((f, k) => session.run(f, k) as never, Tensor, trunk, layers);
const t0 = Date.now();
const first: any[] = []; let last: any;
const result = await transfer(content, style, { strength: opts.strength ?? 10, iterations: opts.iterations ?? 50, scales: opts.scales ?? 2, smoothness: opts.smoothness ?? 1, seed: 0, colours: opts.colours ?? "style", learningRate: opts.lr ?? 0.02, minSide: 75 }, {
  engine, onStep: (s, i, l) => { if (i === 0) first.push(l); last = l; if (i % 10 === 0) console.log(s, i, JSON.stringify(l)); },
});
console.log("seconds", (Date.now() - t0) / 1000, "first", JSON.stringify(first[0]), "last", JSON.stringify(last));
console.log("emd content→style", colourDistance(content, style).toFixed(1), "result→style", colourDistance(result, style).toFixed(1));
await sharp(Buffer.from(toRgb8(result)), { raw: { width: result.width, height: result.height, channels: 3 } }).png().toFile(out!);
