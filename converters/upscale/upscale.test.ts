// AI upscale: the network through the ML layer's tiles and the converter's pixel handling.
// Its HTTP side (a chain with it in one job) is edge-api/routes/chain-jobs.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import Vips from "wasm-vips";
import { describe, expect, it } from "vitest";
import { runTiled } from "../ml/tiles";
import { lanczosUpscale } from "./lanczos";
import { nodeUpscaler } from "./node/upscaler";
import { backProject, upscaleImage } from "./upscale-image";

const coffee = readFileSync(join(import.meta.dirname, "..", "..", "test", "fixtures", "coffee.png"));

const cacheDir = join(import.meta.dirname, "..", "..", "data", "test", "models");
const vips = await Vips();
const context = { signal: new AbortController().signal, onProgress: () => {} };

async function planes(bytes: Buffer, width: number, height: number) {
  const raw = await sharp(bytes).resize(width, height).removeAlpha().raw().toBuffer();
  const out = new Float32Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) out[c * width * height + i] = raw[i * 3 + c]!;
  return out;
}

describe("the upscaler in tiles", () => {
  it("gives the whole image's result at any tile size: no seams", async () => {
    const [w, h] = [150, 110];
    const input = await planes(coffee, w, h);
    const model = await nodeUpscaler(2, cacheDir, 2);
    const whole = await runTiled(input, h, w, model, { tile: 1024 });
    expect(whole.length).toBe(3 * w * 2 * h * 2);
    for (const tile of [24, 40, 64]) {
      const tiled = await runTiled(input, h, w, model, { tile });
      const worst = tiled.reduce((m, v, i) => Math.max(m, Math.abs(v - whole[i]!)), 0);
      // Float rounding only: far below one 8-bit step.
      expect(worst, `tile ${tile}`).toBeLessThan(0.05);
    }
  });

  it("reports progress per tile and stops when aborted", async () => {
    const input = await planes(coffee, 96, 64);
    const model = await nodeUpscaler(2, cacheDir, 2);
    const seen: number[] = [];
    const controller = new AbortController();
    const run = runTiled(input, 64, 96, model, {
      tile: 32,
      signal: controller.signal,
      onProgress: (p) => (seen.push(p), p >= 0.5 && controller.abort(new Error("stop"))),
    });
    await expect(run).rejects.toThrow("stop");
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen.every((p, i) => i === 0 || p > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBeLessThan(1);
  });
});

describe("back-projection", () => {
  const blockMeans = (result: Float32Array, width: number, height: number, s: number) => {
    const out = new Float32Array(3 * width * height);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < height * s; y++)
        for (let x = 0; x < width * s; x++) out[c * width * height + Math.floor(y / s) * width + Math.floor(x / s)]! += result[c * width * height * s * s + y * width * s + x]! / (s * s);
    return out;
  };
  const meanGap = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

  it("leaves a result that already averages back to the source alone", () => {
    const [w, h, s] = [9, 7, 2];
    const source = Float32Array.from({ length: 3 * w * h }, (_, i) => (i * 37) % 255);
    // Nearest-neighbour enlargement: every block's mean is its source pixel.
    const result = new Float32Array(3 * w * h * s * s);
    for (let c = 0; c < 3; c++) for (let y = 0; y < h * s; y++) for (let x = 0; x < w * s; x++) result[c * w * h * s * s + y * w * s + x] = source[c * w * h + Math.floor(y / s) * w + Math.floor(x / s)]!;
    const before = Float32Array.from(result);
    backProject(result, source, w, h, s);
    expect(result.reduce((m, v, i) => Math.max(m, Math.abs(v - before[i]!)), 0)).toBeLessThan(1e-3);
  });

  it("brings the network's result most of the way back to averaging to its source", async () => {
    const [w, h] = [96, 64];
    const source = await planes(coffee, w, h);
    const result = await runTiled(source, h, w, await nodeUpscaler(2, cacheDir, 2), { tile: 64 });
    const before = meanGap(blockMeans(result, w, h, 2), source);
    backProject(result, source, w, h, 2);
    const after = meanGap(blockMeans(result, w, h, 2), source);
    expect(before).toBeGreaterThan(0.3);
    expect(after).toBeLessThan(before / 2);
  });
});

describe("the converter", () => {
  it("keeps grey grey and enlarges alpha by Lanczos, at exactly scale × the size", async () => {
    // A grey disc on grey, with an alpha ramp: two bands, "b-w".
    const xy = vips.Image.xyz(37, 23);
    const disc = xy.subtract([18, 11]).pow(2).bandmean().multiply(2).less(64).ifthenelse(230, 90);
    const grey = disc.bandjoin(xy.extractBand(0).multiply(6)).cast("uchar").copy({ interpretation: "b-w" }).writeToBuffer(".png");
    const image = vips.Image.newFromBuffer(grey);
    expect(image.bands).toBe(2);
    const out = await upscaleImage(vips, image, { scale: 4 }, (s) => nodeUpscaler(s, cacheDir, 2), context);
    expect([out.width, out.height, out.bands, String(out.interpretation)]).toEqual([148, 92, 2, "b-w"]);
    const alpha = new Uint8Array(out.extractBand(1).writeToMemory().buffer);
    const expected = lanczosUpscale(new Uint8Array(image.extractBand(1).writeToMemory().buffer), 37, 23, 1, 4);
    expect(alpha).toEqual(expected);
  });

  it("Lanczos keeps a flat plane flat and a ramp a ramp away from the edges", () => {
    const flat = lanczosUpscale(new Uint8Array(20 * 10).fill(77), 20, 10, 1, 2);
    expect(flat.every((v) => v === 77)).toBe(true);
    const ramp = lanczosUpscale(Uint8Array.from({ length: 32 }, (_, x) => x * 8), 32, 1, 1, 2);
    // Output x sits at input (x + 0.5) / 2 − 0.5.
    for (let x = 8; x < 56; x++) expect(Math.abs(ramp[x]! - ((x + 0.5) / 2 - 0.5) * 8)).toBeLessThanOrEqual(0.5);
  });
});
