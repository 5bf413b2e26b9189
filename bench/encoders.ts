// npm run bench:encoders: which encoder serves each output format. wasm-vips' savers against
// jSquash's codecs on the same pixels, in the same process. Median of 3 after one warm-up.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import sharp from "sharp";
import Vips from "wasm-vips";
import { encode } from "../converters/engine/encode";
import { exportSettings } from "../converters/engine/export-image";
import { encodeToTarget } from "../converters/engine/target-size";
import { queueHandles, withHandles } from "../converters/engine/vips-handles";
import type { VipsImage, VipsModule } from "../converters/types";

const require = createRequire(import.meta.url);
const wasm = (path: string) => WebAssembly.compile(readFileSync(require.resolve(path)));

async function median(fn: () => Promise<unknown> | unknown): Promise<{ ms: number; bytes: number; out: Uint8Array }> {
  let bytes = 0;
  let last: Uint8Array = new Uint8Array();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const out = (await fn()) as ArrayBuffer | Uint8Array;
    times.push(performance.now() - start);
    bytes = out.byteLength;
    last = out instanceof Uint8Array ? out : new Uint8Array(out);
  }
  return { ms: times.sort((a, b) => a - b)[1]!, bytes, out: last };
}

async function pixels(width: number, height: number) {
  const fixture = join(import.meta.dirname, "..", "test", "fixtures", "coffee.png");
  const { data, info } = await sharp(fixture).resize(width, height, { fit: "fill" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

// Handles are freed after each measurement (vips-handles.ts): 12 MP images left to the GC ran the
// wasm heap out before the AVIF rows.
const vips: VipsModule = queueHandles(await Vips({ dynamicLibraries: ["vips-heif.wasm"] }));
vips.concurrency(2);

const jpegEnc = await import("@jsquash/jpeg/encode.js");
await jpegEnc.init(await wasm("@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm"));
const webpEnc = await import("@jsquash/webp/encode.js");
await webpEnc.init(await wasm("@jsquash/webp/codec/enc/webp_enc_simd.wasm"));
const pngEnc = await import("@jsquash/png/encode.js");
await pngEnc.init(await wasm("@jsquash/png/codec/pkg/squoosh_png_bg.wasm"));
const avifEnc = await import("@jsquash/avif/encode.js");
await avifEnc.init(await wasm("@jsquash/avif/codec/enc/avif_enc.wasm"));

const rows: string[] = [];
/** Peak signal-to-noise ratio of a decoded file against the source pixels (∞ when lossless). */
function psnr(source: VipsImage, encoded: Uint8Array): string {
  const decoded = vips.Image.newFromBuffer(encoded).extractBand(0, { n: 3 });
  const mse = decoded.cast("float").subtract(source.cast("float")).pow(2).avg();
  return mse === 0 ? "lossless" : `${(10 * Math.log10((255 * 255) / mse)).toFixed(1)} dB`;
}

async function compare(...args: Parameters<typeof compareOnce>) {
  await withHandles(vips, () => compareOnce(...args));
}

async function compareOnce(format: string, size: [number, number], viaVips: (img: VipsImage) => Uint8Array, viaJsquash: (d: ImageData) => Promise<ArrayBuffer>) {
  const { rgba, width, height } = await pixels(...size);
  const image = vips.Image.newFromMemory(new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length), width, height, 4, vips.BandFormat.uchar).extractBand(0, { n: 3 }).copyMemory();
  const data = { data: rgba, width, height, colorSpace: "srgb" } as ImageData;
  const a = await median(() => viaVips(image));
  const b = await median(() => viaJsquash(data));
  rows.push(
    `${format.padEnd(6)}${`${width}×${height}`.padEnd(11)}wasm-vips ${a.ms.toFixed(0).padStart(5)} ms ${(a.bytes / 1024).toFixed(0).padStart(6)} KB ${psnr(image, a.out).padStart(8)}   jSquash ${b.ms.toFixed(0).padStart(5)} ms ${(b.bytes / 1024).toFixed(0).padStart(6)} KB ${psnr(image, b.out).padStart(8)}   time ratio jSquash/vips ${(b.ms / a.ms).toFixed(2)}`,
  );
  console.log(rows.at(-1));
}

await compare("jpeg", [4000, 3000], (i) => encode(i, exportSettings({ quality: 80, metadata: "none" }, "jpeg")).data, (d) => jpegEnc.default(d, { quality: 80 }));
await compare("jpeg*", [4000, 3000], (i) => encode(i, exportSettings({ quality: 80, metadata: "none" }, "jpeg")).data, (d) =>
  // jSquash at its fastest: baseline, no trellis, no optimised Huffman tables.
  jpegEnc.default(d, { quality: 80, baseline: true, progressive: false, optimize_coding: false, trellis_multipass: false, trellis_opt_zero: false, trellis_opt_table: false, trellis_loops: 1 }),
);
await compare("png", [4000, 3000], (i) => encode(i, exportSettings({ quality: 80, metadata: "none" }, "png")).data, (d) => pngEnc.default(d));
await compare("webp", [4000, 3000], (i) => encode(i, exportSettings({ quality: 80, metadata: "none" }, "webp")).data, (d) => webpEnc.default(d, { quality: 80 }));
await compare("avif", [1600, 1200], (i) => encode(i, exportSettings({ quality: 60, metadata: "none" }, "avif")).data, (d) => avifEnc.default(d, { quality: 60, speed: 8 }));
// The same AVIF encoder (aom) at its fastest in libvips, to compare like with like.
await compare("avif0", [1600, 1200], (i) => i.writeToBuffer(".avif", { Q: 60, effort: 0, bitdepth: 8 }), (d) => avifEnc.default(d, { quality: 60, speed: 10 }));
// The target-size search on a 12 MP photo with film grain (an upscaled fixture alone is too smooth
// to be a photo): encodes needed and time, against a plain bisection over quality 1–100 on the
// full image, measured in the same run.
const grainy = await sharp(join(import.meta.dirname, "..", "test", "fixtures", "chelsea.png"))
  .resize(4000, 3000, { fit: "fill" })
  .composite([{ input: await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 14 } } }).png().toBuffer(), blend: "overlay" }])
  .jpeg({ quality: 95 })
  .toBuffer();
const photo = vips.Image.newFromBuffer(grainy).copyMemory().preventAutoDelete() as VipsImage;

function bisect(format: "jpeg" | "webp" | "avif", target: number) {
  const settings = exportSettings({ metadata: "none" }, format);
  let [lo, hi, encodes, best] = [1, 100, 0, 0];
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    encodes++;
    if (encode(photo, { ...settings, quality: mid }).data.byteLength <= target) [best, lo] = [mid, mid + 1];
    else hi = mid - 1;
  }
  return { quality: best, encodes };
}

const search: Record<string, unknown>[] = [];
for (const format of ["jpeg", "webp", "avif"] as const) {
  for (const target of [500_000, 1_500_000]) {
    const settings = exportSettings({ metadata: "none" }, format);
    let started = performance.now();
    const out = await withHandles(vips, () => encodeToTarget(photo, settings, target));
    const ms = Math.round(performance.now() - started);
    started = performance.now();
    const plain = await withHandles(vips, () => bisect(format, target));
    const plainMs = Math.round(performance.now() - started);
    const row = { format, target, bytes: out.data.byteLength, quality: out.quality, fits: out.fits, encodes: out.encodes, sampleEncodes: out.sampleEncodes, ms, bisectQuality: plain.quality, bisectEncodes: plain.encodes, bisectMs: plainMs, timeRatio: +(ms / plainMs).toFixed(2) };
    console.log(JSON.stringify(row));
    search.push(row);
  }
}
console.log(JSON.stringify({ rows: rows.length, targetSearch: search.length }));
