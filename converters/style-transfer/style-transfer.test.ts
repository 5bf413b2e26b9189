import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import Vips from "wasm-vips";
import { fromRgb8, type Planar } from "../deepdream/planar";
import type { VipsModule } from "../types";
import { colourDistance, transferColour } from "./colour";
import { styleEngine } from "./node/engine";
import { scaleSizes, transfer, type TransferOptions } from "./transfer";

const cacheDir = "./data/test/models";
const layers = { content: "mixed3", style: ["stem1", "stem3", "stem5", "mixed0", "mixed1", "mixed2"] } as const;
const options: TransferOptions = { strength: 100, iterations: 40, scales: 2, smoothness: 2, seed: 0, colours: "style", learningRate: 0.02, minSide: 75 };

const vipsReady: Promise<VipsModule> = Vips();
/** A photo as the net's planes, its long side `side` px. */
async function photo(file: string, side: number): Promise<Planar> {
  const vips = await vipsReady;
  const image = vips.Image.thumbnailBuffer(readFileSync(file), side, { height: side }).colourspace("srgb");
  return fromRgb8(new Uint8Array(image.extractBand(0, { n: 3 }).writeToMemory().buffer), image.width, image.height);
}
const fixture = (name: string) => join(import.meta.dirname, "..", "..", "test", "fixtures", name);
const style = (name: string) => join(import.meta.dirname, "styles", `${name}.jpg`);

describe("style transfer on InceptionV3", () => {
  it("on a small pair, lowers the style loss 10× from the content photo's while the content loss stays under 0.5, and moves the colours halfway to the style's", async () => {
    const engine = await styleEngine({ content: layers.content, style: [...layers.style] }, cacheDir);
    const content = await photo(fixture("coffee.png"), 160);
    const painting = await photo(style("cells"), 160);
    const result = await transfer(content, painting, options, { engine });
    expect([result.height, result.width]).toEqual([content.height, content.width]);

    // Both losses as relative errors: the style's against the style photo's Grams, measured at the
    // untouched content photo and at the result; the content's against the photo the transfer keeps
    // close to (the content in the style's colours: colours: "style").
    const targets = { content: (await engine.features(transferColour(content, painting))).content, grams: (await engine.features(painting)).grams };
    const sumSq = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0);
    const weights = { content: 1 / sumSq(targets.content.data), tv: 0, style: targets.grams.map((g) => 1 / targets.grams.length / sumSq(g)) };
    const before = await engine.evaluate(content, targets, weights);
    const after = await engine.evaluate(result, targets, weights);
    console.log(`style loss ${before.style.toExponential(3)} → ${after.style.toExponential(3)} (÷${(before.style / after.style).toFixed(1)}); content loss ${after.content.toFixed(3)}`);
    expect(before.style / after.style).toBeGreaterThanOrEqual(10);
    expect(after.content).toBeLessThan(0.5);

    const start = colourDistance(content, painting);
    const end = colourDistance(result, painting);
    console.log(`colour histogram distance to the style: ${start.toFixed(1)} → ${end.toFixed(1)}`);
    expect(end).toBeLessThanOrEqual(start / 2);
  });

  it("keeps the content's colours when asked: the result's histogram stays nearer the content's than the style's", async () => {
    const engine = await styleEngine({ content: layers.content, style: [...layers.style] }, cacheDir);
    const content = await photo(fixture("chelsea.png"), 128);
    const painting = await photo(style("retina"), 128);
    const result = await transfer(content, painting, { ...options, colours: "content", iterations: 20 }, { engine });
    expect(colourDistance(result, content)).toBeLessThan(colourDistance(result, painting));
  });

  it("reports progress after every step, rising to 1, and stops within one step of an abort", async () => {
    const engine = await styleEngine({ content: layers.content, style: [...layers.style] }, cacheDir);
    const content = await photo(fixture("coffee.png"), 160);
    const painting = await photo(style("dream"), 160);
    const progress: number[] = [];
    await transfer(content, painting, { ...options, iterations: 3 }, { engine, onProgress: (p) => progress.push(p) });
    expect(progress).toHaveLength(scaleSizes(content.height, content.width, 2, 75).length * 3);
    expect(progress.every((p, i) => i === 0 || p > progress[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(1);

    const controller = new AbortController();
    let steps = 0;
    const run = transfer(content, painting, { ...options, iterations: 20 }, {
      engine,
      signal: controller.signal,
      onStep: () => steps++,
      onProgress: () => steps === 2 && controller.abort(new Error("cancelled by test")),
    });
    await expect(run).rejects.toThrow("cancelled by test");
    expect(steps).toBe(2);
  });
});

describe("colour transfer", () => {
  it("gives a picture the style's colour mean and covariance, so its histogram distance falls", async () => {
    const content = await photo(fixture("coffee.png"), 96);
    const painting = await photo(style("hubble"), 96);
    const moved = transferColour(content, painting);
    expect(colourDistance(moved, painting)).toBeLessThan(colourDistance(content, painting) / 2);
    expect(moved.data.every((v) => v >= -1 && v <= 1)).toBe(true);
  });
});
