// npm run bench:style-pairs: the quality set in docs/style-transfer. Four content-and-style pairs
// through the converter's own optimiser and defaults at 512 px (content, style and result side by
// side), and one before-and-after of the fixes to InceptionV3's artefacts: plain Gatys on this
// net (max pooling, one stride phase, no colour transfer) against the converter's method (average
// pooling, alternating phases, the colours transferred first), with a 2× crop. For each: seconds,
// the style loss's fall (relative to the style photo's Grams) and the colour histogram distance to
// the style photo before and after. The last line is JSON.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import sharp from "sharp";
import { loadInceptionTrunk } from "../converters/deepdream/node/inception";
import { fromRgb8, type Planar, toRgb8 } from "../converters/deepdream/planar";
import { colourDistance } from "../converters/style-transfer/colour";
import { meta } from "../converters/style-transfer/meta";
import { transferOptions } from "../converters/style-transfer/style-image";
import { deepestDreamLayer, sessionEngine, styleModel } from "../converters/style-transfer/style-model";
import { type StyleEngine, transfer, type TransferOptions } from "../converters/style-transfer/transfer";

const root = join(import.meta.dirname, "..");
const out = join(root, "docs", "style-transfer");
mkdirSync(out, { recursive: true });
const SIDE = 512;
const params = meta.params.parse({});
const layers = { content: params.contentLayer, style: params.styleLayers };
const trunk = loadInceptionTrunk(deepestDreamLayer(layers));

async function engine(pooling: "average" | "max"): Promise<StyleEngine> {
  const session = await InferenceSession.create(styleModel(trunk, layers, "indices", pooling), { intraOpNumThreads: 2, graphOptimizationLevel: "all", enableCpuMemArena: false });
  return sessionEngine((feeds, fetches) => session.run(feeds, fetches) as never, Tensor, trunk, layers);
}

async function planar(file: string): Promise<Planar> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace("srgb").resize(SIDE, SIDE, { fit: "inside" }).raw().toBuffer({ resolveWithObject: true });
  return fromRgb8(new Uint8Array(data), info.width, info.height);
}
const png = (p: Planar) => sharp(Buffer.from(toRgb8(p)), { raw: { width: p.width, height: p.height, channels: 3 } }).png().toBuffer();

/** Pictures side by side at one height, with a white gap. */
async function row(images: Buffer[], height = 320): Promise<Buffer> {
  const scaled = await Promise.all(images.map(async (b) => sharp(b).resize({ height }).png().toBuffer()));
  const widths = await Promise.all(scaled.map(async (b) => (await sharp(b).metadata()).width!));
  let left = 0;
  const composite = scaled.map((input, i) => ({ input, left: (left += i ? widths[i - 1]! + 8 : 0), top: 0 }));
  return sharp({ create: { width: widths.reduce((a, b) => a + b + 8, -8), height, channels: 3, background: "#ffffff" } }).composite(composite).jpeg({ quality: 88 }).toBuffer();
}

async function styleLossFall(e: StyleEngine, content: Planar, style: Planar, result: Planar): Promise<number> {
  const grams = (await e.features(style)).grams;
  const sumSq = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0);
  const weights = { content: 0, tv: 0, style: grams.map((g) => 1 / grams.length / sumSq(g)) };
  const targets = { content: (await e.features(content)).content, grams };
  return (await e.evaluate(content, targets, weights)).style / (await e.evaluate(result, targets, weights)).style;
}

const fixture = (name: string) => join(root, "test", "fixtures", name);
const shipped = (name: string) => join(root, "converters", "style-transfer", "styles", `${name}.jpg`);
const pairs = [
  { name: "coffee-cells", content: fixture("coffee.png"), style: shipped("cells") },
  { name: "coffee-dream", content: fixture("coffee.png"), style: shipped("dream") },
  { name: "chelsea-retina", content: fixture("chelsea.png"), style: shipped("retina") },
  { name: "chelsea-hubble", content: fixture("chelsea.png"), style: shipped("hubble") },
];
const figures: Record<string, unknown>[] = [];
const method = await engine("average");
const options = transferOptions(params);
for (const pair of pairs) {
  const [content, style] = [await planar(pair.content), await planar(pair.style)];
  const start = performance.now();
  const result = await transfer(content, style, options, { engine: method });
  const seconds = (performance.now() - start) / 1000;
  writeFileSync(join(out, `${pair.name}.jpg`), await row([await png(content), await png(style), await png(result)]));
  const f = { pair: pair.name, seconds: Number(seconds.toFixed(1)), styleLossFall: Number((await styleLossFall(method, content, style, result)).toFixed(1)), colourDistance: [Math.round(colourDistance(content, style)), Math.round(colourDistance(result, style))] };
  console.log(JSON.stringify(f));
  figures.push(f);
}

// Before and after, on one pair: plain Gatys on InceptionV3 against the method, whole and a 2× crop.
const [content, style] = [await planar(fixture("chelsea.png")), await planar(shipped("cells"))];
const plain: TransferOptions = { ...options, phaseJitter: false, recolour: false };
const before = await transfer(content, style, plain, { engine: await engine("max") });
const after = await transfer(content, style, options, { engine: method });
const crop = async (p: Planar) => sharp(await png(p)).extract({ left: Math.round(p.width * 0.3), top: Math.round(p.height * 0.2), width: 160, height: 120 }).resize(320, 240, { kernel: "nearest" }).png().toBuffer();
writeFileSync(join(out, "before-after.jpg"), await row([await png(before), await crop(before), await png(after), await crop(after)]));
const fixes = { before: { colourDistance: Math.round(colourDistance(before, style)) }, after: { colourDistance: Math.round(colourDistance(after, style)) } };
console.log(JSON.stringify(fixes));
console.log(JSON.stringify({ side: SIDE, pairs: figures, fixes }));
