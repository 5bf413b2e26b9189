// npm run bench:upscale-quality: how well the AI upscale restores detail. Each test image is
// shrunk by area ×2 and ×4 and enlarged back by ESRGAN (the shipped "slim" weights, and "medium"
// when its package is installed), by Lanczos-3 (lanczos.ts) and by libvips's bicubic; PSNR (RGB)
// and SSIM (luma) against the original. Images: the two fixture photos and four synthesized
// ones (text, a fractal landscape, a zone plate, a gradient with hard edges). Also a seam check:
// one photo ×2 at several tile sizes against a whole-image run. Enlargements are written to
// scratch/upscale-quality/ to look at. The last line is JSON.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import sharp from "sharp";
import Vips from "wasm-vips";
import { buildForwardGraph } from "../converters/ml/forward-graph";
import { kerasNet } from "../converters/ml/keras";
import { receptiveField } from "../converters/ml/net";
import { installedPackage, readTfjsModel } from "../converters/ml/node/tfjs-files";
import { runTiled, type TileModel } from "../converters/ml/tiles";
import { lanczosUpscale } from "../converters/upscale/lanczos";
import { SCALES, type Scale, WEIGHTS_PACKAGE } from "../converters/upscale/model";
import { nodeUpscaler } from "../converters/upscale/node/upscaler";

const root = join(import.meta.dirname, "..");
const fixtures = join(import.meta.dirname, "..", "..", "shared", "fixtures");
const outDir = join(root, "scratch", "upscale-quality");
const cacheDir = join(root, "data", "models");
const TILE = 192; // upscale-image.ts's
const THREADS = 2;
mkdirSync(outDir, { recursive: true });
const vips = await Vips();
type Img = { name: string; width: number; height: number; rgb: Uint8Array };

// ---- Test images -----------------------------------------------------------------------------

function fromFile(file: string): Img {
  let image = vips.Image.newFromFile(file);
  if (image.hasAlpha()) image = image.flatten();
  image = image.colourspace("srgb").cast("uchar");
  return { name: file.split("/").pop()!.replace(/\.png$/, ""), width: image.width, height: image.height, rgb: new Uint8Array(image.writeToMemory().buffer) };
}

/** A seeded PRNG (mulberry32), so the synthesized images are the same every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dark text in several sizes on tinted paper with a soft stain: pango through sharp (wasm-vips has no text). */
async function textImage(): Promise<Img> {
  const [width, height] = [480, 320];
  const markup =
    '<span size="22pt"><b>Upscaling 2× &amp; 4×</b></span>\n' +
    '<span size="13pt">The quick brown fox jumps over the lazy dog. 0123456789</span>\n' +
    '<span size="10pt"><i>Pack my box with five dozen liquor jugs — ESRGAN vs Lanczos.</i></span>\n' +
    '<span size="8pt" font_family="DejaVu Sans Mono">for (let i = 0; i &lt; n; i++) sum += a[i] * b[i];</span>\n' +
    '<span size="16pt" font_family="DejaVu Serif">Serif: Hamburgefonstiv ÆØÅ ß</span>\n' +
    '<span size="6pt">Tiny print: small detail is what a 4× shrink destroys first; can the network bring it back?</span>';
  const { data, info } = await sharp({ text: { text: markup, dpi: 96, width: width - 30, rgba: false } }).raw().toBuffer({ resolveWithObject: true });
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const stain = Math.exp(-((x - 360) ** 2 + (y - 240) ** 2) / 8000) * 40;
      const paper = [245 - stain * 0.3, 238 - stain * 0.6, 220 - stain];
      const tx = x - 15;
      const ty = y - 15;
      const a = tx >= 0 && ty >= 0 && tx < info.width && ty < info.height ? data[(ty * info.width + tx) * info.channels]! / 255 : 0;
      const ink = [25, 30, 70];
      for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = Math.round(paper[c]! * (1 - a) + ink[c]! * a);
    }
  return { name: "synth-text", width, height, rgb };
}

/** A fractal landscape: multi-octave value noise as height, coloured water–sand–grass–rock–snow, hill-shaded. */
function landscapeImage(): Img {
  const [width, height] = [480, 320];
  const rand = rng(7);
  const G = 257;
  const lattice = Float32Array.from({ length: G * G }, () => rand());
  const smooth = (t: number) => t * t * (3 - 2 * t);
  const noise = (x: number, y: number) => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const fx = smooth(x - xi);
    const fy = smooth(y - yi);
    const at = (i: number, j: number) => lattice[((j & 255) * G) + (i & 255)]!;
    const top = at(xi, yi) * (1 - fx) + at(xi + 1, yi) * fx;
    const bottom = at(xi, yi + 1) * (1 - fx) + at(xi + 1, yi + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
  const fbm = (x: number, y: number) => {
    let sum = 0;
    let amp = 0.5;
    let f = 1 / 96;
    for (let o = 0; o < 8; o++, amp *= 0.5, f *= 2.03) sum += amp * noise(x * f + o * 17.1, y * f + o * 31.7);
    return sum;
  };
  const h = new Float32Array((width + 1) * (height + 1));
  for (let y = 0; y <= height; y++) for (let x = 0; x <= width; x++) h[y * (width + 1) + x] = fbm(x, y);
  const stops: [number, number[]][] = [
    [0.0, [20, 40, 110]],
    [0.42, [40, 90, 170]],
    [0.45, [210, 195, 140]],
    [0.48, [80, 140, 50]],
    [0.6, [40, 95, 35]],
    [0.68, [110, 95, 80]],
    [0.76, [150, 145, 140]],
    [0.8, [250, 250, 255]],
    [1, [255, 255, 255]],
  ];
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = h[y * (width + 1) + x]!;
      let k = 0;
      while (k < stops.length - 2 && v > stops[k + 1]![0]) k++;
      const [v0, c0] = stops[k]!;
      const [v1, c1] = stops[k + 1]!;
      const t = Math.min(1, Math.max(0, (v - v0) / (v1 - v0)));
      const water = v < 0.45;
      // Light from the upper left on the slope; water stays flat.
      const dx = h[y * (width + 1) + x + 1]! - v;
      const dy = h[(y + 1) * (width + 1) + x]! - v;
      const shade = water ? 1 : Math.min(1.4, Math.max(0.4, 1 - 60 * (dx + dy)));
      for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = Math.min(255, Math.max(0, Math.round((c0[c]! * (1 - t) + c1[c]! * t) * shade)));
    }
  return { name: "synth-landscape", width, height, rgb };
}

/** A zone plate (frequency rising to 0.35 cycles/pixel at the corners) with a fine line fan and a checkerboard corner. */
function zonePlateImage(): Img {
  const [width, height] = [400, 400];
  const rgb = new Uint8Array(width * height * 3);
  const rMax2 = (width / 2) ** 2 + (height / 2) ** 2;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - width / 2;
      const dy = y + 0.5 - height / 2;
      // Phase k·r² with instantaneous frequency k·r/π: 0.35 cycles/px at the corner.
      const k = (0.35 * Math.PI) / Math.sqrt(rMax2);
      let v = 0.5 + 0.5 * Math.cos(k * (dx * dx + dy * dy));
      if (x < 80 && y < 80) v = ((x >> 2) + (y >> 2)) & 1 ? 0.9 : 0.1; // 4-px checks
      if (x >= width - 120 && y >= height - 60) v = Math.sin(Math.atan2(dy, dx) * 90) > 0 ? 0.85 : 0.15; // fan
      const g = Math.round(v * 255);
      rgb[(y * width + x) * 3] = g;
      rgb[(y * width + x) * 3 + 1] = Math.round(g * 0.9 + 12);
      rgb[(y * width + x) * 3 + 2] = Math.round(255 - g * 0.8);
    }
  return { name: "synth-zoneplate", width, height, rgb };
}

/** Smooth colour gradients with hard-edged shapes, antialiased by 4×4 supersampling. */
function gradientImage(): Img {
  const [width, height] = [480, 320];
  const rgb = new Uint8Array(width * height * 3);
  const S = 4;
  const shape = (x: number, y: number): number[] | undefined => {
    if ((x - 130) ** 2 + (y - 150) ** 2 < 70 ** 2) return [230, 60, 50];
    if (x > 250 && x < 420 && y > 60 && y < 140) return [30, 30, 40];
    if (Math.abs(y - 250 - 0.35 * (x - 240)) < 3 && x > 220 && x < 460) return [250, 250, 250];
    if (x > 290 && x < 380 && y > 180 && y < 300 && Math.abs(x - 335) < (y - 180) * 0.4) return [250, 200, 40];
    return undefined;
  };
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const acc = [0, 0, 0];
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const px = x + (sx + 0.5) / S;
          const py = y + (sy + 0.5) / S;
          const c = shape(px, py) ?? [40 + (170 * px) / width, 90 + (120 * py) / height, 200 - (150 * px * py) / (width * height)];
          for (let k = 0; k < 3; k++) acc[k]! += c[k]!;
        }
      for (let k = 0; k < 3; k++) rgb[(y * width + x) * 3 + k] = Math.round(acc[k]! / (S * S));
    }
  return { name: "synth-gradient", width, height, rgb };
}

// ---- Metrics -----------------------------------------------------------------------------------

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum === 0 ? 99 : 10 * Math.log10((255 * 255) / (sum / a.length));
}

/** Separable Gaussian filter, "valid" region only (as Wang et al.'s ssim.m with filter2 'valid'). */
function gaussValid(src: Float64Array, w: number, h: number, g: Float64Array): Float64Array {
  const n = g.length;
  const ow = w - n + 1;
  const oh = h - n + 1;
  const tmp = new Float64Array(ow * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < ow; x++) { let s = 0; for (let k = 0; k < n; k++) s += g[k]! * src[y * w + x + k]!; tmp[y * ow + x] = s; }
  const out = new Float64Array(ow * oh);
  for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) { let s = 0; for (let k = 0; k < n; k++) s += g[k]! * tmp[(y + k) * ow + x]!; out[y * ow + x] = s; }
  return out;
}

/** Mean SSIM on luma (0.299R+0.587G+0.114B), Gaussian window 11, σ 1.5, K1 0.01, K2 0.03, L 255; no downsampling step. */
function ssim(a: Uint8Array, b: Uint8Array, w: number, h: number): number {
  const luma = (p: Uint8Array) => Float64Array.from({ length: w * h }, (_, i) => 0.299 * p[i * 3]! + 0.587 * p[i * 3 + 1]! + 0.114 * p[i * 3 + 2]!);
  const x = luma(a);
  const y = luma(b);
  const g = Float64Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / (2 * 1.5 ** 2)));
  const gs = g.reduce((s, v) => s + v, 0);
  g.forEach((v, i) => (g[i] = v / gs));
  const f = (p: Float64Array) => gaussValid(p, w, h, g);
  const mx = f(x), my = f(y);
  const sxx = f(x.map((v) => v * v)), syy = f(y.map((v) => v * v)), sxy = f(x.map((v, i) => v * y[i]!));
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  let sum = 0;
  for (let i = 0; i < mx.length; i++) {
    const [ux, uy] = [mx[i]!, my[i]!];
    const vx = sxx[i]! - ux * ux, vy = syy[i]! - uy * uy, cxy = sxy[i]! - ux * uy;
    sum += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
  }
  return sum / mx.length;
}

// ---- Upscalers ---------------------------------------------------------------------------------

/** A TileModel on a package's weights, with its own onnxruntime-node session (2 intra-op threads). */
async function packageModel(pkg: string, scale: Scale): Promise<TileModel> {
  const net = kerasNet(readTfjsModel(join(installedPackage(pkg).dir, "models", `x${scale}`)));
  const session = await InferenceSession.create(buildForwardGraph(net, `${pkg}-x${scale}`), {
    intraOpNumThreads: THREADS,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableCpuMemArena: false,
  });
  return {
    scale,
    margin: receptiveField(net).margin,
    channels: 3,
    run: async (t, h, w) => (await session.run({ x: new Tensor("float32", t, [1, 3, h, w]) })).y!.data as Float32Array,
  };
}

/** As upscale-image.ts does it: interleaved bytes to 0–255 float planes, tiles, round and clamp back. */
async function modelUpscale(model: TileModel, rgb: Uint8Array, w: number, h: number, tile = TILE): Promise<{ out: Uint8Array; ms: number }> {
  const n = w * h;
  const planes = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planes[c * n + i] = rgb[i * 3 + c]!;
  const start = performance.now();
  const result = await runTiled(planes, h, w, model, { tile });
  const ms = performance.now() - start;
  const s = model.scale;
  const N = n * s * s;
  const out = new Uint8Array(N * 3);
  for (let i = 0; i < N; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.min(255, Math.max(0, Math.round(result[c * N + i]!)));
  return { out, ms };
}

const toVips = (rgb: Uint8Array, w: number, h: number) => vips.Image.newFromMemory(rgb, w, h, 3, vips.BandFormat.uchar).copy({ interpretation: "srgb" });
/** Files start "uq-": the directory is a shared scratch place, and other scripts write there too. */
const savePng = (file: string, rgb: Uint8Array, w: number, h: number) => writeFileSync(join(outDir, `uq-${file}`), toVips(rgb, w, h).writeToBuffer(".png"));

// ---- Run ---------------------------------------------------------------------------------------

const images: Img[] = [
  ...readdirSync(fixtures).filter((f) => f.endsWith(".png")).sort().map((f) => fromFile(join(fixtures, f))),
  await textImage(),
  landscapeImage(),
  zonePlateImage(),
  gradientImage(),
];
for (const img of images) savePng(`${img.name}.png`, img.rgb, img.width, img.height);

const hasMedium = (() => {
  try {
    installedPackage("@upscalerjs/esrgan-medium");
    return true;
  } catch {
    return false;
  }
})();
const weights = hasMedium ? (["slim", "medium"] as const) : (["slim"] as const);
type Method = (typeof weights)[number] | "lanczos3" | "bicubic";
const methods: Method[] = [...weights, "lanczos3", "bicubic"];

interface Row { image: string; scale: number; scores: Record<string, { psnr: number; ssim: number }> }
const rows: Row[] = [];
const timing: Record<string, { ms: number; mp: number }> = {};

for (const scale of SCALES) {
  // The converter's own weights through its own loader; the other package built alike.
  const models: Partial<Record<Method, TileModel>> = {};
  for (const m of weights) {
    const pkg = `@upscalerjs/esrgan-${m}`;
    models[m] = pkg === WEIGHTS_PACKAGE ? await nodeUpscaler(scale, cacheDir, THREADS) : await packageModel(pkg, scale);
  }
  for (const img of images) {
    const W = Math.floor(img.width / scale) * scale;
    const H = Math.floor(img.height / scale) * scale;
    const orig = toVips(img.rgb, img.width, img.height).crop(0, 0, W, H);
    const origBytes = new Uint8Array(orig.writeToMemory().buffer);
    const small = orig.shrink(scale, scale);
    const [w, h] = [small.width, small.height];
    const smallBytes = new Uint8Array(small.writeToMemory().buffer);
    savePng(`${img.name}-x${scale}-input.png`, smallBytes, w, h);
    const row: Row = { image: img.name, scale, scores: {} };
    for (const method of methods) {
      let out: Uint8Array;
      if (method === "lanczos3") out = lanczosUpscale(smallBytes, w, h, 3, scale);
      else if (method === "bicubic") out = new Uint8Array(small.resize(scale, { kernel: "cubic" }).writeToMemory().buffer);
      else {
        const run = await modelUpscale(models[method]!, smallBytes, w, h);
        out = run.out;
        const t = (timing[`${method} x${scale}`] ??= { ms: 0, mp: 0 });
        t.ms += run.ms;
        t.mp += (W * H) / 1e6;
      }
      if (out.length !== origBytes.length) throw new Error(`${method} gave ${out.length} bytes, expected ${origBytes.length}`);
      row.scores[method] = { psnr: psnr(origBytes, out), ssim: ssim(origBytes, out, W, H) };
      savePng(`${img.name}-x${scale}-${method}.png`, out, W, H);
    }
    rows.push(row);
    console.error(`${img.name} ×${scale}: ${methods.map((m) => `${m} ${row.scores[m]!.psnr.toFixed(2)}/${row.scores[m]!.ssim.toFixed(4)}`).join(", ")}`);
  }
}

// Seam check: coffee ×2 with tiles of 64, 96, 192 against one tile larger than the image.
const seamImage = images.find((i) => i.name === "coffee") ?? images[0]!;
const seamModel = await nodeUpscaler(2, cacheDir, THREADS);
const whole = await modelUpscale(seamModel, seamImage.rgb, seamImage.width, seamImage.height, 100000);
savePng(`seam-${seamImage.name}-x2-whole.png`, whole.out, seamImage.width * 2, seamImage.height * 2);
const seams: Record<number, { max: number; differing: number }> = {};
for (const tile of [64, 96, 192]) {
  const tiled = await modelUpscale(seamModel, seamImage.rgb, seamImage.width, seamImage.height, tile);
  let max = 0;
  let differing = 0;
  for (let i = 0; i < tiled.out.length; i++) {
    const d = Math.abs(tiled.out[i]! - whole.out[i]!);
    if (d > max) max = d;
    if (d) differing++;
  }
  seams[tile] = { max, differing };
  savePng(`seam-${seamImage.name}-x2-tile${tile}.png`, tiled.out, seamImage.width * 2, seamImage.height * 2);
}
const seamMaxDiff = Math.max(...Object.values(seams).map((s) => s.max));

// ---- Report ------------------------------------------------------------------------------------

const label: Record<Method, string> = { slim: "ESRGAN slim", medium: "ESRGAN medium", lanczos3: "Lanczos3", bicubic: "bicubic" };
for (const m of weights) if (`@upscalerjs/esrgan-${m}` === WEIGHTS_PACKAGE) label[m] += " (shipped)";
const cell = (s: { psnr: number; ssim: number }) => `${s.psnr.toFixed(2)} / ${s.ssim.toFixed(4)}`;
const mean = (scale: number, m: Method) => {
  const rs = rows.filter((r) => r.scale === scale);
  return { psnr: rs.reduce((a, r) => a + r.scores[m]!.psnr, 0) / rs.length, ssim: rs.reduce((a, r) => a + r.scores[m]!.ssim, 0) / rs.length };
};
console.log(`\nPSNR (dB, RGB) / SSIM (luma), original vs area-shrunk then enlarged; ESRGAN in ${TILE} px tiles, ${THREADS} threads\n`);
console.log(`| image | scale | ${methods.map((m) => label[m]).join(" | ")} |`);
console.log(`|---|---|${methods.map(() => "---").join("|")}|`);
for (const r of rows) console.log(`| ${r.image} | ×${r.scale} | ${methods.map((m) => cell(r.scores[m]!)).join(" | ")} |`);
for (const scale of SCALES) console.log(`| **mean** | ×${scale} | ${methods.map((m) => `**${cell(mean(scale, m))}**`).join(" | ")} |`);
console.log(`\nms per output MP (onnxruntime-node, ${THREADS} threads, tile ${TILE}):\n`);
console.log(`| model | ×2 | ×4 |\n|---|---|---|`);
for (const m of weights) console.log(`| ${label[m]} | ${SCALES.map((s) => (timing[`${m} x${s}`]!.ms / timing[`${m} x${s}`]!.mp).toFixed(0)).join(" | ")} |`);
console.log(`\nSeam check: ${seamImage.name} (${seamImage.width}×${seamImage.height}) ×2 with the shipped ${WEIGHTS_PACKAGE}, tiled vs one whole-image run, 8-bit output:\n`);
console.log(`| tile | max abs diff | samples differing |\n|---|---|---|`);
for (const [tile, s] of Object.entries(seams)) console.log(`| ${tile} | ${s.max} | ${s.differing} of ${whole.out.length} |`);
console.log(`\nImages in ${outDir}/uq-*.png\n`);

const r4 = (n: number) => Number(n.toFixed(4));
const perScale = (m: Method) => Object.fromEntries(SCALES.map((s) => [`x${s}`, { psnr: Number(mean(s, m).psnr.toFixed(2)), ssim: r4(mean(s, m).ssim) }]));
console.log(
  JSON.stringify({
    slim: perScale("slim"),
    medium: hasMedium ? perScale("medium" as Method) : null,
    lanczos3: perScale("lanczos3"),
    bicubic: perScale("bicubic"),
    seamMaxDiff,
  }),
);
