// Main-thread time of checkUpload per file: a plain 12 MP JPEG (the baseline) and hostile files
// built to make a header walker work (issue 28: four TIFFs of 600 000 EXIF rationals took 322 ms
// each). UPLOAD_CHECK=path/to/uploads.ts measures another checkUpload the same way, e.g. the one
// before the bounded readers (image-size and exif-reader), restored from git into scratch/:
//
//   npm run bench:upload-header
//   for f in edge-api/uploads.ts edge-api/upload-header.ts edge-api/bytes.ts converters/engine/formats.ts; do
//     mkdir -p scratch/before/$(dirname $f) && git show 2cddbc3:$f > scratch/before/$f; done
//   UPLOAD_CHECK=scratch/before/edge-api/uploads.ts npm run bench:upload-header
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import {
  avifClaiming,
  avifWithIspeBoxes,
  gif,
  gifOfSubBlocks,
  jpegOfStuffing,
  jpegWithoutMarkers,
  pngChunk,
  pngOfChunks,
  pngWith,
  repeated,
  riffChunk,
  tiffChain,
  tiffWideIfd,
  tiffWithRationals,
  webpWith,
} from "../edge-api/upload-header/testing";

type Check = (bytes: Uint8Array, limits: { maxBytes: number; maxPixels: number }) => Record<string, unknown>;
const source = process.env.UPLOAD_CHECK ? pathToFileURL(resolve(process.env.UPLOAD_CHECK)).href : "../edge-api/uploads";
const { checkUpload } = (await import(source)) as { checkUpload: Check };
// The API's defaults: MAX_UPLOAD_BYTES 5 MiB, MAX_PIXELS 40 MP.
const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 40e6 };

const buffer = async (p: Promise<Buffer>) => new Uint8Array(await p);
const png = await buffer(sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } }).png().toBuffer());
const webp = await buffer(sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } }).webp().toBuffer());
const files: [string, Uint8Array][] = [
  ["JPEG 12 MP (baseline)", await buffer(sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#8a6" } }).jpeg().toBuffer())],
  ["TIFF, 600k EXIF rationals (the probe's)", tiffWithRationals(600_000)],
  ["TIFF, 600k rationals × 16 EXIF tags", tiffWithRationals(600_000, 16)],
  ["TIFF, first IFD of 65 535 entries", tiffWideIfd(65535)],
  ["TIFF, chain of 300k IFDs", tiffChain(300_000)],
  ["PNG, 4.7 MB tEXt before IDAT", pngWith(png, pngChunk("tEXt", new Uint8Array(4.7e6).fill(0x61)))],
  ["PNG, 400k empty chunks", pngOfChunks(png, 400_000)],
  ["WebP, 600k empty chunks", webpWith(webp, repeated(riffChunk("zzzz", new Uint8Array(0)), 600_000))],
  ["GIF, 1×1 screen, 6000×6000 frame", gif([1, 1], [[0, 0, 6000, 6000]])],
  ["GIF, 5 MB of one-byte data blocks", gifOfSubBlocks(5e6)],
  ["GIF, 300k frames of 1×1", gif([1, 1], Array.from({ length: 300_000 }, () => [0, 0, 1, 1]))],
  ["JPEG, 4.5 MB with no marker", jpegWithoutMarkers(4.5e6)],
  ["JPEG, 2.4 M stuffed bytes", jpegOfStuffing(2.4e6)],
  ["AVIF claiming 6300×6300, 12-bit RGBA", avifClaiming(await buffer(sharp({ create: { width: 32, height: 24, channels: 4, background: "#c33a" } }).avif({ bitdepth: 12, chromaSubsampling: "4:4:4" }).toBuffer()), 6300, 6300)],
  ["AVIF, 16 000 ispe boxes (320 KB)", avifWithIspeBoxes(16_000)],
];

/**
 * ms per call: the median of batches of about 20 ms (one call each, when a call takes longer),
 * after one warm-up call, for 400 ms at most; the median keeps out the other work on the machine.
 */
function measure(bytes: Uint8Array): { ms: number; result: Record<string, unknown> } {
  let result = checkUpload(bytes, limits);
  const batches: number[] = [];
  for (const end = performance.now() + 400; performance.now() < end || batches.length < 3; ) {
    let [runs, start] = [0, performance.now()];
    while (performance.now() - start < 20) {
      result = checkUpload(bytes, limits);
      runs++;
    }
    batches.push((performance.now() - start) / runs);
  }
  return { ms: batches.sort((a, b) => a - b)[batches.length >> 1]!, result };
}

const describe = (r: Record<string, unknown>) =>
  r.ok ? `ok ${r.width}×${r.height}${r.decodedBytes ? ` ×${r.frames} frames, ${r.bands} bands × ${r.bytesPerSample} B = ${(Number(r.decodedBytes) / 1e6).toFixed(1)} MB` : ""}` : `${r.status} ${r.detail}`;

console.log(`checkUpload from ${process.env.UPLOAD_CHECK ?? "edge-api/uploads.ts"}\n`);
console.log(`${"file".padEnd(42)} ${"size".padStart(9)} ${"ms/check".padStart(10)} ${"× JPEG".padStart(8)}  result`);
let baseline = 0;
for (const [name, bytes] of files) {
  const { ms, result } = measure(bytes);
  baseline ||= ms;
  console.log(`${name.padEnd(42)} ${`${(bytes.length / 1e6).toFixed(2)} MB`.padStart(9)} ${ms.toPrecision(3).padStart(10)} ${(ms / baseline).toFixed(0).padStart(8)}  ${describe(result)}`);
}
