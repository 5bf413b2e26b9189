// npm run bench:upscale-quality: AI upscale against Lanczos-3 and bicubic. Each test photo is
// shrunk ×2 and ×4 by area averaging, enlarged back by each method, and compared with the
// original: PSNR (RGB) and SSIM (luma, Gaussian 11×11, σ 1.5). Photos: test/fixtures (coffee, chelsea) and
// four made here (text, a fractal landscape, a zone plate, shapes with gradients). The shipped
// medium network as the converter runs it (with its back-projection step) and without that
// step; slim when installed (`npm i --no-save @upscalerjs/esrgan-slim`); and bicubic twice:
// Keys' cubic centred (Matlab's, PIL's) and libvips' enlargement (sharp's "cubic"; the app's
// Resize enlarges the same way). Also checks seams: one photo at several tile sizes against one
// whole-image run. Images go to scratch/upscale-quality/ for looking at. The last line is JSON.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import sharp from "sharp";
import { buildForwardGraph } from "../../converters/ml/forward-graph";
import { kerasNet } from "../../converters/ml/keras";
import { receptiveField } from "../../converters/ml/net";
import { installedPackage, readTfjsModel } from "../../converters/ml/node/tfjs-files";
import { runTiled, type TileModel } from "../../converters/ml/tiles";
import { WEIGHTS_PACKAGE } from "../../converters/upscale/model";
import { backProject } from "../../converters/upscale/upscale-image";
import { bicubicUpscale, lanczosUpscale } from "../../converters/upscale/lanczos";
import { ssim } from "./ssim";
import { syntheticPhotos } from "./synthetic";

type Rgb = { data: Uint8Array; width: number; height: number };
const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures");
const outDir = join(root, "scratch", "upscale-quality");
mkdirSync(outDir, { recursive: true });

const photos: Record<string, Rgb> = {};
for (const file of readdirSync(fixtures).filter((f) => f.endsWith(".png"))) photos[file.replace(".png", "")] = await rgb(readFileSync(join(fixtures, file)));
for (const [name, png] of Object.entries(await syntheticPhotos())) photos[name] = await rgb(png);

async function rgb(bytes: Buffer | Uint8Array): Promise<Rgb> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

const psnr = (a: Uint8Array, b: Uint8Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
};

async function network(variant: string, scale: number): Promise<TileModel | undefined> {
  const pkg = `@upscalerjs/esrgan-${variant}`;
  let dir: string;
  try {
    dir = installedPackage(pkg).dir;
  } catch {
    return undefined;
  }
  if (!existsSync(join(dir, "models", `x${scale}`))) return undefined;
  const net = kerasNet(readTfjsModel(join(dir, "models", `x${scale}`)));
  const session = await InferenceSession.create(buildForwardGraph(net, variant), { intraOpNumThreads: 2, graphOptimizationLevel: "all", enableCpuMemArena: false });
  return { scale, margin: receptiveField(net).margin, channels: 3, run: async (t, h, w) => (await session.run({ x: new Tensor("float32", t, [1, 3, h, w]) })).y!.data as Float32Array };
}

/** The converter's way: planes on 0–255 through the tiles, back-projected, rounded and clamped. */
async function upscaleBy(model: TileModel, image: Rgb, tile = 192, consistent = true): Promise<Uint8Array> {
  const n = image.width * image.height;
  const planes = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planes[c * n + i] = image.data[i * 3 + c]!;
  const out = await runTiled(planes, image.height, image.width, model, { tile });
  if (consistent) backProject(out, planes, image.width, image.height, model.scale);
  const m = n * model.scale ** 2;
  const bytes = new Uint8Array(m * 3);
  for (let i = 0; i < m; i++) for (let c = 0; c < 3; c++) bytes[i * 3 + c] = Math.min(255, Math.max(0, Math.round(out[c * m + i]!)));
  return bytes;
}

const save = (name: string, data: Uint8Array, width: number, height: number) =>
  sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(join(outDir, `${name}.png`));

const methods = ["slim", "medium", "network", "lanczos3", "bicubic", "libvips"] as const;
type Method = (typeof methods)[number];
const scores: Record<string, Record<string, { psnr: number; ssim: number }[]>> = {};
const msPerMP: Record<string, number[]> = {};
const rows: string[] = [];
for (const scale of [2, 4]) {
  const nets: Partial<Record<Method, TileModel>> = { slim: await network("slim", scale), medium: await network("medium", scale) };
  for (const [name, photo] of Object.entries(photos)) {
    const width = Math.floor(photo.width / scale) * scale;
    const height = Math.floor(photo.height / scale) * scale;
    const original = await rgb(await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } }).extract({ left: 0, top: 0, width, height }).png().toBuffer());
    // Area averaging: libvips' shrink by an integer factor is a box filter.
    const small = boxShrink(original, scale);
    const results: Partial<Record<Method, Uint8Array>> = {
      lanczos3: lanczosUpscale(small.data, small.width, small.height, 3, scale),
      bicubic: bicubicUpscale(small.data, small.width, small.height, 3, scale),
      // libvips' enlargement (sharp, kernel "cubic"; Resize's Lanczos kernel gives the same bytes): its bicubic interpolator.
      libvips: new Uint8Array(await sharp(small.data, { raw: { width: small.width, height: small.height, channels: 3 } }).resize(width, height, { kernel: "cubic" }).raw().toBuffer()),
    };
    for (const variant of ["slim", "medium"] as const) {
      const model = nets[variant];
      if (!model) continue;
      const start = performance.now();
      results[variant] = await upscaleBy(model, small);
      (msPerMP[`${variant}x${scale}`] ??= []).push((performance.now() - start) / ((width * height) / 1e6));
      // The shipped network without the back-projection step, to show what that step adds.
      if (variant === "medium") results.network = await upscaleBy(model, small, 192, false);
    }
    const cells: string[] = [];
    for (const method of methods) {
      const out = results[method];
      if (!out) continue;
      const score = { psnr: psnr(original.data, out), ssim: ssim(original.data, out, width, height) };
      ((scores[`x${scale}`] ??= {})[method] ??= []).push(score);
      cells.push(`${score.psnr.toFixed(2)} / ${score.ssim.toFixed(4)}`);
      await save(`${name}-x${scale}-${method}`, out, width, height);
    }
    rows.push(`| ${name} | ×${scale} | ${cells.join(" | ")} |`);
  }
}

function boxShrink(image: Rgb, s: number): Rgb {
  const width = image.width / s;
  const height = image.height / s;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) sum += image.data[((y * s + dy) * image.width + x * s + dx) * 3 + c]!;
        data[(y * width + x) * 3 + c] = Math.round(sum / (s * s));
      }
  return { data, width, height };
}

const present = methods.filter((m) => Object.values(scores).some((s) => s[m]));
console.log(`| photo | scale | ${present.map((m) => ({ slim: "ESRGAN slim", medium: "ESRGAN medium (shipped)", network: "medium, network only", lanczos3: "Lanczos-3", bicubic: "bicubic (Keys)", libvips: "libvips bicubic" })[m]).join(" | ")} |`);
console.log(`|---|---|${present.map(() => "---").join("|")}|`);
for (const row of rows) console.log(row);
const mean = (list: { psnr: number; ssim: number }[]) => ({
  psnr: Number((list.reduce((s, v) => s + v.psnr, 0) / list.length).toFixed(2)),
  ssim: Number((list.reduce((s, v) => s + v.ssim, 0) / list.length).toFixed(4)),
});
const averages: Record<string, Record<string, { psnr: number; ssim: number }>> = {};
for (const [scale, byMethod] of Object.entries(scores)) {
  for (const [method, list] of Object.entries(byMethod)) (averages[method] ??= {})[scale] = mean(list);
  console.log(`| **mean** | ${scale.replace("x", "×")} | ${present.map((m) => (byMethod[m] ? `${mean(byMethod[m]!).psnr.toFixed(2)} / ${mean(byMethod[m]!).ssim.toFixed(4)}` : "")).join(" | ")} |`);
}
for (const [key, list] of Object.entries(msPerMP)) console.log(`${key}: ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(0)} ms per output MP (2 threads, tiles of 192)`);

// Seams: coffee ×2 through small tiles against one tile larger than the photo, on the shipped weights.
const shipped = await network(WEIGHTS_PACKAGE.replace("@upscalerjs/esrgan-", ""), 2);
const coffee = photos.coffee!;
const whole = await upscaleBy(shipped!, coffee, 4096);
let seamMaxDiff = 0;
for (const tile of [48, 64, 96, 192]) {
  const tiled = await upscaleBy(shipped!, coffee, tile);
  const worst = tiled.reduce((m, v, i) => Math.max(m, Math.abs(v - whole[i]!)), 0);
  seamMaxDiff = Math.max(seamMaxDiff, worst);
  console.log(`tiles of ${tile}: max |tiled − whole| = ${worst} levels`);
}
console.log(`images: ${outDir}`);
console.log(JSON.stringify({ ...averages, seamMaxDiff }));
