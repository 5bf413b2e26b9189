// Heavy steps keep the photo's metadata as light steps do: the colour profile (so an Adobe RGB
// or Display P3 photo keeps its colours), the safe EXIF fields, and "None"'s conversion to sRGB.
// Read back with sharp (libvips native) and exif-reader, other code than wrote the files.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import exif from "exif-reader";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import type { Step } from "./pipeline";
import { runServerConversion } from "./server-pipeline";
import { getVips } from "../testing";
import { cameraJpeg } from "../testing/exif";
import { adobeRgbProfile } from "../testing/icc";
import type { VipsModule } from "../types";

const coffee = join(import.meta.dirname, "..", "..", "test", "fixtures", "coffee.png");
const context = { signal: new AbortController().signal, onProgress: () => {}, cacheDir: join(import.meta.dirname, "..", "..", "data", "test", "models"), threads: 2 };

let vips: VipsModule;
const photos: Record<string, { bytes: Uint8Array; icc: Buffer }> = {};
beforeAll(async () => {
  vips = await getVips();
  const small = await sharp(coffee).resize(144).toBuffer();
  const adobeFile = join(tmpdir(), `adobe-rgb-${process.pid}.icc`);
  writeFileSync(adobeFile, adobeRgbProfile());
  for (const [name, profile] of [["Adobe RGB", adobeFile], ["Display P3", "p3"]] as const) {
    const bytes = await cameraJpeg(small, 1, profile);
    photos[name] = { bytes, icc: (await sharp(bytes).metadata()).icc! };
  }
}, 60_000);

const chains: [string, Step[]][] = [
  ["AI upscale ×2", [{ converter: "upscale", params: { scale: 2 } }]],
  ["DeepDream", [{ converter: "deepdream", params: { octaves: 1, steps: 2, maxSize: 144, layers: ["mixed3"] } }]],
  ["sharpen → upscale → brightness", [{ converter: "sharpen" }, { converter: "upscale", params: { scale: 2 } }, { converter: "brightness", params: { factor: 1.1 } }]],
];

const run = (input: Uint8Array, steps: Step[], metadata: "safe" | "none") =>
  runServerConversion(vips, input, { steps, format: "png", metadata }, 40e6, context);

/** 8-bit sRGB pixels, as sharp converts a tagged file for display. */
const displayed = async (data: Uint8Array) => sharp(data).withIccProfile("srgb").removeAlpha().raw().toBuffer();

describe.each(["Adobe RGB", "Display P3"])("%s", (name) => {
  test.each(chains)("%s keeps the profile's bytes, the camera and the capture date, and drops the GPS", async (_label, steps) => {
    const { bytes, icc } = photos[name]!;
    const out = await run(bytes, steps, "safe");
    const meta = await sharp(out.data).metadata();
    expect(Buffer.compare(meta.icc!, icc), "profile bytes").toBe(0);
    const tags = exif(meta.exif!);
    expect(tags.Image?.Model).toBe("Canon EOS 5D Mark IV");
    expect(tags.Photo?.DateTimeOriginal).toBeInstanceOf(Date);
    expect(tags.GPSInfo).toBeUndefined();
  }, 120_000);

  test.each(chains)("%s with metadata None is converted to sRGB as a light step's result is: within 1 level", async (_label, steps) => {
    const { bytes } = photos[name]!;
    const [safe, none] = [await run(bytes, steps, "safe"), await run(bytes, steps, "none")];
    expect((await sharp(none.data).metadata()).icc).toBeUndefined();
    // Lossless files of the same pixels: the tagged one as sharp renders it in sRGB, and ours.
    const [a, b] = [await displayed(safe.data), await displayed(none.data)];
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    // And the conversion did happen: the tagged file's own numbers are not sRGB's.
    const tagged = vips.Image.newFromBuffer(safe.data).writeToMemory() as Uint8Array;
    expect(tagged.some((v, i) => Math.abs(v - b[i]!) > 3)).toBe(true);
  }, 120_000);
});
