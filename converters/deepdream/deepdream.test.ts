import { describe, expect, it } from "vitest";
import { dream, type DreamOptions, octaveSizes, spans } from "./dream";
import { dreamGradient } from "./node/session";
import type { Planar } from "./planar";

const cacheDir = "./data/test/models";
const options: DreamOptions = { octaves: 2, octaveScale: 1.4, steps: 3, stepSize: 0.02, jitter: 16, seed: 3, tile: 256, minSide: 75 };

function noise(height: number, width: number): Planar {
  let s = 9;
  const data = Float32Array.from({ length: 3 * height * width }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 1.6 - 0.8);
  return { data, height, width };
}

describe("dream geometry", () => {
  it("builds octaves down to the net's minimum input", () => {
    expect(octaveSizes(768, 1024, { octaves: 3, octaveScale: 1.4, minSide: 75 })).toEqual([
      [768, 1024],
      [549, 731],
      [392, 522],
    ]);
    expect(octaveSizes(100, 300, { octaves: 4, octaveScale: 1.4, minSide: 75 })).toEqual([[100, 300]]);
  });

  it("covers a side with equal tiles, never wider than 1.25 tiles", () => {
    expect(spans(300, 256)).toEqual([{ start: 0, size: 300 }]);
    const cover = spans(1000, 256);
    expect(cover.every((s) => s.size === cover[0]!.size && s.size <= 320)).toBe(true);
    expect(cover[0]!.start).toBe(0);
    expect(cover.at(-1)!.start + cover.at(-1)!.size).toBe(1000);
    for (let i = 1; i < cover.length; i++) expect(cover[i]!.start).toBeLessThanOrEqual(cover[i - 1]!.start + cover[i - 1]!.size);
  });
});

describe("the dream loop on InceptionV3", () => {
  it("changes the picture tile by tile, within [−1, 1], reporting progress after every tile that only rises to 1", async () => {
    const gradient = await dreamGradient(["mixed3"], cacheDir);
    const tiles: string[] = [];
    const progress: number[] = [];
    const source = noise(300, 420); // wider than 1.25 tiles: two tiles a step at full size
    const out = await dream(source, options, {
      gradient: (t, h, w) => (tiles.push(`${h}x${w}`), gradient(t, h, w)),
      onProgress: (p) => progress.push(p),
    });
    expect([out.height, out.width]).toEqual([300, 420]);
    expect(out.data.every((v) => v >= -1 && v <= 1)).toBe(true);
    const change = out.data.reduce((s, v, i) => s + Math.abs(v - source.data[i]!), 0) / out.data.length;
    expect(change).toBeGreaterThan(0.02);
    expect(tiles).toContain("300x210");
    // After every tile: two a step at full size, one at the smaller octave.
    expect(progress).toHaveLength(tiles.length);
    expect(tiles.length).toBeGreaterThan(options.octaves * options.steps);
    expect(progress.every((p, i) => i === 0 || p > progress[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(1);
  });

  it("stops within one step of an abort", async () => {
    const gradient = await dreamGradient(["mixed3"], cacheDir);
    const controller = new AbortController();
    let calls = 0;
    let callsAtAbort = 0;
    const run = dream(noise(300, 420), { ...options, octaves: 1, steps: 20 }, {
      gradient: (t, h, w) => (calls++, gradient(t, h, w)),
      signal: controller.signal,
      onProgress: (p) => {
        if (p >= 0.1 && !controller.signal.aborted) {
          callsAtAbort = calls;
          controller.abort(new Error("cancelled by test"));
        }
      },
    });
    await expect(run).rejects.toThrow("cancelled by test");
    // Two tiles a step: an abort after step 2 lets no further tile run.
    expect(callsAtAbort).toBe(4);
    expect(calls).toBe(callsAtAbort);
  });
});
