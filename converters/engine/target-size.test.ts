import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { encode } from "./encode";
import { exportSettings } from "./export-image";
import { encodeToTarget } from "./target-size";
import { getVips } from "../testing";
import { cameraJpeg } from "../testing/exif";
import type { VipsImage, VipsModule } from "../types";

const fixture = (name: string) => join(import.meta.dirname, "..", "..", "test", "fixtures", name);
let vips: VipsModule;
const photos: Record<string, VipsImage> = {};

/** Five kinds of picture: small and large, smooth and busy, with a colour profile and without. */
beforeAll(async () => {
  vips = await getVips();
  const load = async (buffer: Buffer | Uint8Array) => vips.Image.newFromBuffer(buffer).autorot().copyMemory();
  photos.coffee = await load(await sharp(fixture("coffee.png")).removeAlpha().png().toBuffer());
  photos.chelsea = await load(await sharp(fixture("chelsea.png")).removeAlpha().png().toBuffer());
  photos["chelsea 2 MP grainy"] = await load(
    await sharp(fixture("chelsea.png"))
      .resize(1800, 1200, { fit: "fill" })
      .composite([{ input: await sharp({ create: { width: 1800, height: 1200, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 18 } } }).png().toBuffer(), blend: "overlay" }])
      .png()
      .toBuffer(),
  );
  photos["coffee 3 MP smooth"] = await load(await sharp(fixture("coffee.png")).resize(2100, 1400, { fit: "fill" }).png().toBuffer());
  photos["P3 camera JPEG"] = await load(await cameraJpeg(await sharp(fixture("coffee.png")).resize(1500, 1000).png().toBuffer(), 6));
});

const FORMATS = ["jpeg", "webp", "avif"] as const;
/** Targets as a share of the photo's size at quality 90: tight, middling and loose. */
const SHARES = [0.2, 0.5];

describe.each(FORMATS)("%s", (format) => {
  test("for five photos the output is at most the target, and at least 90 % of it unless one quality step more would not fit", () => {
    const report: string[] = [];
    for (const [name, image] of Object.entries(photos)) {
      const settings = exportSettings({ metadata: "none" }, format);
      const reference = encode(image, { ...settings, quality: 90 }).data.byteLength;
      for (const share of SHARES) {
        const target = Math.round(reference * share);
        const started = performance.now();
        const out = encodeToTarget(image, settings, target);
        const ms = performance.now() - started;
        expect(out.fits, `${name} ${target}`).toBe(true);
        expect(out.data.byteLength, `${name} at ${target}`).toBeLessThanOrEqual(target);
        if (out.data.byteLength < target * 0.9 && out.quality < 100) {
          // The range does not allow closer: the next quality up is over the target.
          expect(encode(image, { ...settings, quality: out.quality + 1 }).data.byteLength, `${name} q${out.quality + 1}`).toBeGreaterThan(target);
        }
        report.push(`${format} ${name} ${image.width}×${image.height} target ${target}: ${out.data.byteLength} B (${((out.data.byteLength / target) * 100).toFixed(0)} %) q${out.quality}, ${out.encodes} full + ${out.sampleEncodes} mosaic encodes, ${ms.toFixed(0)} ms`);
      }
    }
    console.log(report.join("\n"));
  });
});

test("when nothing fits, the smallest output is given and says so", () => {
  const settings = exportSettings({ metadata: "none" }, "jpeg");
  const out = encodeToTarget(photos.chelsea!, settings, 1024);
  expect(out.fits).toBe(false);
  expect(out.quality).toBe(1);
  expect(out.data.byteLength).toBe(encode(photos.chelsea!, { ...settings, quality: 1 }).data.byteLength);
});

test("a palette PNG searches the quantiser's quality; lossless encodings refuse a target", () => {
  const settings = exportSettings({ metadata: "none", encoder: { palette: true, colours: 16 } }, "png");
  const [low, high] = [1, 100].map((quality) => encode(photos.coffee!, { ...settings, quality }).data.byteLength);
  expect(low).toBeLessThan(high!);
  const target = Math.round((low! + high!) / 2);
  const out = encodeToTarget(photos.coffee!, settings, target);
  expect(out.fits).toBe(true);
  expect(out.data.byteLength).toBeLessThanOrEqual(target);
  expect(() => exportSettings({ targetBytes: 60_000 }, "png")).toThrow(/palette/);
  expect(() => exportSettings({ targetBytes: 60_000, encoder: { lossless: true } }, "webp")).toThrow(/lossy/);
  expect(() => exportSettings({ targetBytes: 10 }, "jpeg")).toThrow(/at least 1024/);
});
