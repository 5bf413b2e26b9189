// One pipeline, one result: the editor's preview and its full render (DecodedPhoto, the photo
// decoded once and kept) and the batch and server job (runPipeline, which decodes per job and
// may shrink on load or stream) give the same pixels for the same steps. Every ordered pair of
// light converters, and some longer chains, on a photo, a photo with alpha and a turned one.
// Resize → Auto levels was "damaged or truncated" outside the editor: a step that reads its
// input twice on a streamed decode (converters/engine/chain.ts).
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { metas } from "../metas.generated";
import { DecodedPhoto } from "./photo-session";
import { runPipeline, type Step } from "./pipeline";
import { getVips } from "../testing";
import { cameraJpeg } from "../testing/exif";
import type { VipsModule } from "../types";
import { queueHandles, withHandles } from "./vips-handles";

const coffee = join(import.meta.dirname, "..", "..", "test", "fixtures", "coffee.png");

/** Params that change the photo: the editor's starting values may be neutral, which would test nothing. */
const EFFECTIVE: Record<string, Record<string, unknown>> = {
  "auto-levels": { clip: 0.5 },
  brightness: { amount: 1.2 },
  contrast: { amount: 1.25 },
  crop: { left: 10, top: 15, width: 70, height: 80 },
  gamma: { gamma: 1.8 },
  "gaussian-blur": { sigma: 2 },
  hue: { degrees: 90 },
  pixelate: { size: 8 },
  posterize: { levels: 4 },
  resize: { percent: 50 },
  rotate: { angle: 90 },
  saturation: { amount: 1.5 },
  sepia: { amount: 1 },
  sharpen: { sigma: 1.5, amount: 1 },
  threshold: { level: 128 },
};

const light = metas.filter((m) => m.runsOn !== "server").map((m) => m.id);
const step = (id: string): Step => ({ converter: id, params: EFFECTIVE[id] ?? {} });
const pairs = light.flatMap((a) => light.map((b) => [a, b] as const));
const chains: Step[][] = [
  [{ converter: "rotate", params: { angle: 30 } }, step("auto-levels"), step("resize")],
  [step("resize"), step("auto-levels"), step("sharpen")],
  [step("crop"), step("gaussian-blur"), step("pixelate"), step("threshold")],
  [{ converter: "resize", params: { percent: 37 } }, step("rotate"), step("hue"), step("posterize")],
  [step("sharpen"), step("sharpen"), step("auto-levels"), step("crop"), step("grayscale")],
];

let vips: VipsModule;
const photos: Record<string, Uint8Array> = {};
beforeAll(async () => {
  // Handles freed after each chain, as the browser worker and the server's threads do.
  vips = queueHandles(await getVips());
  const small = await sharp(coffee).resize(240).toBuffer();
  photos.jpeg = await sharp(small).jpeg({ quality: 92 }).toBuffer();
  photos["png with alpha"] = await sharp(small).ensureAlpha(0.6).png().toBuffer();
  // Orientation 6: stored 240×160, shown 160×240.
  photos["turned jpeg"] = await cameraJpeg(small, 6);
});

interface Rendered {
  width: number;
  height: number;
  bands: number;
  data: Uint8Array;
}

/** A lossless PNG result's pixels. */
const decoded = (png: Uint8Array): Rendered => {
  const image = vips.Image.newFromBuffer(png);
  return { width: image.width, height: image.height, bands: image.bands, data: image.writeToMemory() as Uint8Array };
};

/** The three places' results for one chain, as pixels. */
function everywhere(input: Uint8Array, steps: Step[]): Promise<Record<string, Rendered>> {
  return withHandles(vips, () => {
    const session = DecodedPhoto.open(vips, input, 40e6);
    try {
      const render = decoded(session.render({ steps, format: "png", metadata: "none" }).data);
      // The preview at the photo's own size: RGBA whatever the bands, so compared on those.
      const p = session.preview(steps, 1 << 20);
      const preview = { width: p.width, height: p.height, bands: 4, data: p.data };
      const job = decoded(runPipeline(vips, input, { steps, format: "png", metadata: "none" }).data);
      return { render, preview, job };
    } finally {
      session.dispose();
    }
  });
}

/** As RGBA, so a grey or alpha-less result compares with the preview's RGBA. */
function rgba(r: Rendered): Uint8Array {
  if (r.bands === 4) return r.data;
  const out = new Uint8Array(r.width * r.height * 4);
  for (let i = 0; i < r.width * r.height; i++) {
    const grey = r.bands <= 2;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = r.data[i * r.bands + (grey ? 0 : c)]!;
    out[i * 4 + 3] = r.bands === 2 || r.bands === 4 ? r.data[i * r.bands + r.bands - 1]! : 255;
  }
  return out;
}

/** Mean absolute difference, and the share of samples more than 8 levels apart. */
function difference(a: Rendered, b: Rendered) {
  const [x, y] = [rgba(a), rgba(b)];
  let sum = 0;
  let far = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    sum += d;
    if (d > 8) far++;
  }
  return { mean: sum / x.length, far: far / x.length };
}

const worst: Record<string, { mean: number; far: number }> = {};
afterAll(() => console.log(`worst differences from the editor's render: ${JSON.stringify(worst)}`));

function expectSame(results: Record<string, Rendered>) {
  const { render, ...others } = results;
  for (const [place, result] of Object.entries(others)) {
    expect([result.width, result.height], `${place} size`).toEqual([render!.width, render!.height]);
    const { mean, far } = difference(render!, result);
    worst[place] = { mean: Math.max(worst[place]?.mean ?? 0, mean), far: Math.max(worst[place]?.far ?? 0, far) };
    // A leading resize shrinks on load in the job (the JPEG decoder's own downscale) while the
    // editor resizes its decoded copy: a level or so on average, never a different picture.
    expect(mean, `${place}: mean difference in levels`).toBeLessThan(1.5);
    expect(far, `${place}: share of samples over 8 levels apart`).toBeLessThan(0.02);
  }
}

describe.each(Object.keys({ jpeg: 0, "png with alpha": 0, "turned jpeg": 0 }))("%s", (photo) => {
  test.each(pairs)("%s then %s: the same result in the editor's preview and render, the batch and the server job", async (a, b) => {
    expectSame(await everywhere(photos[photo]!, [step(a), step(b)]));
  });

  test.each(chains.map((c) => [c.map((s) => s.converter).join(" → "), c] as const))("%s: the same result everywhere", async (_name, steps) => {
    expectSame(await everywhere(photos[photo]!, steps));
  });
});
