// Each metadata mode, checked by reading the export back with other code than wrote it: sharp
// (libvips native) for the blocks, exif-reader for the EXIF tags.
import { join } from "node:path";
import exif from "exif-reader";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { OUTPUT_FORMATS } from "./formats";
import { runPipeline } from "./pipeline";
import { getVips } from "../testing";
import { CAPTURED, cameraJpeg, SERIAL } from "../testing/exif";
import type { VipsModule } from "../types";

const coffee = join(import.meta.dirname, "..", "..", "test", "fixtures", "coffee.png");
let vips: VipsModule;
let photo: Uint8Array;
let p3Profile: Buffer;
beforeAll(async () => {
  vips = await getVips();
  // Orientation 6: the camera was turned; the 600×400 pixels are shown 400×600.
  photo = await cameraJpeg(coffee, 6);
  p3Profile = (await sharp(photo).metadata()).icc!;
});

async function readBack(data: Uint8Array) {
  const meta = await sharp(data).metadata();
  return { meta, exif: meta.exif ? exif(meta.exif) : undefined };
}

test("the test photo carries what a phone writes: GPS, maker note, serial, date, XMP and a Display P3 profile", async () => {
  const { meta, exif: tags } = await readBack(photo);
  expect(tags?.GPSInfo?.GPSLatitude).toEqual([51, 30, 26.4]);
  expect(tags?.Photo?.MakerNote?.length).toBeGreaterThan(20);
  expect(tags?.Photo?.BodySerialNumber).toBe(SERIAL);
  expect(meta.xmp?.toString()).toContain("GPSLatitude");
  expect(p3Profile.toString("latin1")).toMatch(/P\0?3/);
  expect(meta.orientation).toBe(6);
});

describe.each(OUTPUT_FORMATS)("%s", (format) => {
  test("Safe keeps the colour profile, capture date and camera; drops GPS, serial numbers, maker notes and XMP; the pixels are upright", async () => {
    const out = runPipeline(vips, photo, { steps: [], format, metadata: "safe" });
    const { meta, exif: tags } = await readBack(out.data);
    expect(Buffer.compare(meta.icc!, p3Profile)).toBe(0);
    expect(tags?.Photo?.DateTimeOriginal?.toISOString().slice(0, 19)).toBe(CAPTURED.replace(/^(\d+):(\d+):/, "$1-$2-").replace(" ", "T"));
    expect(tags?.Image?.Model).toBe("Canon EOS 5D Mark IV");
    expect(tags?.GPSInfo).toBeUndefined();
    expect(tags?.Image?.GPSTag).toBeUndefined();
    expect(tags?.Photo?.MakerNote).toBeUndefined();
    expect(tags?.Photo?.BodySerialNumber).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.exif!.toString("latin1")).not.toContain(SERIAL);
    expect([meta.width, meta.height]).toEqual([400, 600]);
    expect(meta.orientation ?? 1).toBe(1);
  });

  test("None leaves no EXIF, XMP or ICC", async () => {
    const { meta } = await readBack(runPipeline(vips, photo, { steps: [], format, metadata: "none" }).data);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });

  test("All keeps GPS, the maker note, the serial number, XMP and the profile; orientation is 1 on upright pixels", async () => {
    const out = runPipeline(vips, photo, { steps: [], format, metadata: "all" });
    const { meta, exif: tags } = await readBack(out.data);
    expect(tags?.GPSInfo?.GPSLatitude).toEqual([51, 30, 26.4]);
    expect(tags?.Photo?.MakerNote?.length).toBeGreaterThan(20);
    expect(tags?.Photo?.BodySerialNumber).toBe(SERIAL);
    expect(meta.xmp?.toString()).toContain("GPSLatitude");
    expect(Buffer.compare(meta.icc!, p3Profile)).toBe(0);
    expect([meta.width, meta.height]).toEqual([400, 600]);
    expect(tags?.Image?.Orientation ?? 1).toBe(1);
  });
});

test("Safe is the default", async () => {
  const { exif: tags, meta } = await readBack(runPipeline(vips, photo, { steps: [], format: "jpeg" }).data);
  expect(tags?.GPSInfo).toBeUndefined();
  expect(tags?.Photo?.DateTimeOriginal).toBeDefined();
  expect(meta.icc).toBeDefined();
});

test("None converts the pixels to sRGB, so the colours of a Display P3 photo still look right without its profile", async () => {
  const out = runPipeline(vips, photo, { steps: [], format: "png", metadata: "none" });
  const got = await sharp(out.data).removeAlpha().raw().toBuffer();
  // The same photo converted by sharp (lcms, natively), and the P3 numbers as they were.
  const expected = await sharp(photo).rotate().toColourspace("srgb").removeAlpha().raw().toBuffer();
  const untouched = Buffer.from(vips.Image.newFromBuffer(photo).autorot().writeToMemory() as Uint8Array);
  const diff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
  expect(got.length).toBe(untouched.length);
  expect(diff(got, expected)).toBeLessThan(1);
  expect(diff(got, untouched)).toBeGreaterThan(diff(got, expected) + 1);
});
