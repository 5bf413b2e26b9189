// Remove background: mask quality on the committed quality set, alpha through a chain and every
// format, colour and blurred backgrounds, and the touch-up strokes. The HTTP side is
// edge-api/routes/remove-background.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import Vips from "wasm-vips";
import { describe, expect, it } from "vitest";
import { runServerConversion } from "../engine/server-pipeline";
import { fullSizeMask, networkInput, normaliseMap } from "./cutout";
import { SIDE } from "./model";
import { nodeSegmenter } from "./node/segmenter";
import { boundaryF, iou } from "./quality";
import { paintStrokes } from "./strokes";

const set = join(import.meta.dirname, "..", "..", "test", "fixtures", "cutout");
const CASES = ["horse-on-cat", "disc-on-brick", "horse-on-rocket", "disc-on-gravel"];
const vips = await Vips();
const context = { signal: new AbortController().signal, onProgress: () => {}, cacheDir: join(import.meta.dirname, "..", "..", "data", "test", "models"), threads: 2 };
const photo = (name: string) => readFileSync(join(set, `${name}.jpg`));
const truth = async (name: string) => new Uint8Array(await sharp(join(set, `${name}.mask.png`)).extractChannel(0).raw().toBuffer());

async function raw(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), ...info, hasAlpha: info.channels === 2 || info.channels === 4 };
}

describe("the mask", () => {
  it("refined against the photo, beats the plain bilinear enlargement on every composite: IoU at least as high, boundary F higher on average", async () => {
    const segment = await nodeSegmenter(2);
    const rows: { name: string; iou: [number, number]; f: [number, number] }[] = [];
    for (const name of CASES) {
      const image = vips.Image.newFromBuffer(photo(name));
      const known = await truth(name);
      const coarse = normaliseMap(await segment(networkInput(new Uint8Array(image.thumbnailImage(SIDE, { height: SIDE, size: "force" }).writeToMemory().buffer))));
      const [soft, refined] = [fullSizeMask(image, coarse, "soft"), fullSizeMask(image, coarse, "refined")];
      rows.push({ name, iou: [iou(soft, known), iou(refined, known)], f: [boundaryF(soft, known, image.width, image.height), boundaryF(refined, known, image.width, image.height)] });
    }
    console.table(rows.map((r) => ({ name: r.name, "IoU bilinear": r.iou[0].toFixed(4), "IoU refined": r.iou[1].toFixed(4), "F bilinear": r.f[0].toFixed(4), "F refined": r.f[1].toFixed(4) })));
    for (const r of rows) expect(r.iou[1], r.name).toBeGreaterThanOrEqual(r.iou[0]);
    const mean = (k: 0 | 1) => rows.reduce((s, r) => s + r.f[k], 0) / rows.length;
    expect(mean(1)).toBeGreaterThan(mean(0));
    // The network itself finds these subjects.
    for (const r of rows) expect(r.iou[1], r.name).toBeGreaterThan(0.9);
  });
});

describe("the result", () => {
  const chain = JSON.parse('[{"converter":"remove-background"},{"converter":"grayscale"}]');

  it.each(["png", "webp", "avif"] as const)("keeps its alpha through [remove-background, grayscale] to %s", async (format) => {
    const known = await truth("horse-on-cat");
    const out = await runServerConversion(vips, photo("horse-on-cat"), { steps: chain, format }, 40_000_000, context);
    const pixels = await raw(out.data);
    // Grey with alpha (AVIF stores grey as RGB): the last band is the alpha.
    expect(pixels.hasAlpha).toBe(true);
    if (pixels.channels === 4) for (let i = 0; i < pixels.data.length; i += 4 * 97) expect(Math.abs(pixels.data[i]! - pixels.data[i + 1]!)).toBeLessThanOrEqual(format === "png" ? 0 : 8);
    expect([pixels.width, pixels.height]).toEqual([960, 720]);
    const alpha = Uint8Array.from({ length: pixels.width * pixels.height }, (_, i) => pixels.data[i * pixels.channels + pixels.channels - 1]!);
    expect(iou(alpha, known)).toBeGreaterThan(0.9);
  });

  it("flattens a transparent background on white in a JPEG, and puts the chosen colour where the background was", async () => {
    const known = await truth("disc-on-brick");
    const background = (pixels: Awaited<ReturnType<typeof raw>>) => {
      const sum = [0, 0, 0];
      let n = 0;
      for (let i = 0; i < known.length; i++)
        if (known[i] === 0) {
          for (let c = 0; c < 3; c++) sum[c]! += pixels.data[i * pixels.channels + c]!;
          n++;
        }
      return sum.map((s) => s / n);
    };
    const white = await runServerConversion(vips, photo("disc-on-brick"), { steps: [{ converter: "remove-background" }], format: "jpeg" }, 40_000_000, context);
    for (const v of background(await raw(white.data))) expect(v).toBeGreaterThan(245);
    const green = await runServerConversion(vips, photo("disc-on-brick"), { steps: [{ converter: "remove-background", params: { background: "#00ff00" } }], format: "jpeg" }, 40_000_000, context);
    const [r, g, b] = background(await raw(green.data));
    expect(g).toBeGreaterThan(240);
    expect(r).toBeLessThan(15);
    expect(b).toBeLessThan(15);
  });

  it("blurs the background and leaves the subject as it was", async () => {
    const known = await truth("disc-on-gravel");
    const before = await raw(photo("disc-on-gravel"));
    const out = await runServerConversion(vips, photo("disc-on-gravel"), { steps: [{ converter: "remove-background", params: { background: "blur", blurSigma: 8 } }], format: "png" }, 40_000_000, context);
    const after = await raw(out.data);
    expect(after.channels).toBe(3);
    // Local contrast (a pixel against its right neighbour) falls in the background, not in the subject.
    const contrast = (p: typeof before, inside: boolean) => {
      let sum = 0;
      let n = 0;
      for (let y = 0; y < p.height; y++)
        for (let x = 0; x < p.width - 3; x++) {
          const i = y * p.width + x;
          // Away from the edge: the pixel and three to its right all on the same side.
          if ([0, 1, 2, 3].some((d) => (known[i + d]! === 255) !== inside || (!inside && known[i + d]! !== 0))) continue;
          sum += Math.abs(p.data[i * p.channels]! - p.data[(i + 1) * p.channels]!);
          n++;
        }
      return sum / n;
    };
    expect(contrast(after, false)).toBeLessThan(contrast(before, false) / 3);
    expect(contrast(after, true)).toBeGreaterThan(contrast(before, true) * 0.95);
  });
});

describe("touch-up strokes", () => {
  it("change exactly the pixels under them", () => {
    const [w, h] = [200, 100];
    const base = Uint8Array.from({ length: w * h }, (_, i) => (i * 37) % 251);
    const alpha = base.slice();
    // An erase stroke from (20, 50) to (180, 50), 10 px across (0.05 of the long side), and a keep dot.
    paintStrokes(alpha, w, h, [
      { mode: "erase", size: 0.05, points: [[0.1, 0.5], [0.9, 0.5]] },
      { mode: "keep", size: 0.1, points: [[0.5, 0.1]] },
    ]);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const [px, py] = [x + 0.5, y + 0.5];
        const toLine = Math.hypot(px - Math.min(180, Math.max(20, px)), py - 50);
        const toDot = Math.hypot(px - 100, py - 10);
        const i = y * w + x;
        if (toDot <= 10) expect(alpha[i], `${x},${y}`).toBe(255);
        else if (toLine <= 5) expect(alpha[i], `${x},${y}`).toBe(0);
        else expect(alpha[i], `${x},${y}`).toBe(base[i]);
      }
  });

  it("replay in a job: an erased region comes out transparent, the rest as without them", async () => {
    const steps = (strokes: unknown[]) => [{ converter: "remove-background", params: { strokes } }];
    const plain = await raw((await runServerConversion(vips, photo("horse-on-cat"), { steps: steps([]), format: "png" }, 40_000_000, context)).data);
    const erased = await raw((await runServerConversion(vips, photo("horse-on-cat"), { steps: steps([{ mode: "erase", size: 0.1, points: [[0.5, 0.55], [0.6, 0.55]] }]), format: "png" }, 40_000_000, context)).data);
    let changed = 0;
    for (let y = 0; y < 720; y++)
      for (let x = 0; x < 960; x++) {
        const i = (y * 960 + x) * 4 + 3;
        const under = Math.hypot(x + 0.5 - Math.min(576, Math.max(480, x + 0.5)), y + 0.5 - 396) <= 48;
        if (under) expect(erased.data[i], `${x},${y}`).toBe(0);
        else expect(erased.data[i], `${x},${y}`).toBe(plain.data[i]);
        if (under && plain.data[i]! > 0) changed++;
      }
    // The stroke crossed the subject.
    expect(changed).toBeGreaterThan(1000);
  });
});
