// Every header walker stops after HEADER_STEPS structures, whatever the file holds, and what it
// has not read is planned at its worst: frames extrapolated from the bytes left, an alpha band
// assumed, or the file refused when what it hides has no bound. Behaviour, not time: the time
// per file is bench/upload-header.ts's.
import { beforeAll, describe, expect, test } from "vitest";
import { getVips } from "../../converters/testing";
import type { VipsModule } from "../../converters/types";
import { Budget, HEADER_STEPS, HeaderError, readHeader } from "../upload-header";
import { checkUpload } from "../uploads";
import { GIF_DATA_BLOCKS } from "./gif";
import {
  avifWithIspeBoxes,
  gif,
  gifOfSubBlocks,
  jpegOfStuffing,
  jpegWithoutMarkers,
  libvipsHeader,
  pngChunk,
  pngOfChunks,
  pngWith,
  repeated,
  riffChunk,
  riffChunks,
  tiffChain,
  tiffWideIfd,
  tiffWithRationals,
  webpOf,
} from "./testing";

let vips: VipsModule;
beforeAll(async () => {
  vips = await getVips();
});
const limits = { maxBytes: 50e6, maxPixels: 40e6 };

function animatedWebp(): Uint8Array {
  const noise = vips.Image.gaussnoise(16, 36, { mean: 128, sigma: 40 }).cast("uchar");
  const strip = noise.bandjoin([noise, noise]).copy({ interpretation: "srgb" });
  strip.setInt("page-height", 12);
  return strip.writeToBuffer(".webp", { lossless: true });
}

describe("within the budget", () => {
  test("TIFF: 600 000 rationals shared by 64 EXIF tags are never read (IFD0's 10 entries and one page are)", () => {
    const budget = new Budget();
    expect(readHeader(tiffWithRationals(600_000, 64), "tiff", budget)).toMatchObject({ width: 16, height: 16, bands: 1, bytesPerSample: 1, frames: 1 });
    expect(budget.used).toBe(11);
  });

  test("TIFF: a first IFD of 65 535 entries is refused once the budget is spent; one of 100 is read through", () => {
    const budget = new Budget();
    expect(() => readHeader(tiffWideIfd(65535), "tiff", budget)).toThrow(HeaderError);
    expect(budget.used).toBe(HEADER_STEPS);
    expect(checkUpload(tiffWideIfd(65535), limits)).toMatchObject({ ok: false, status: 422, detail: "The TIFF header is damaged or truncated." });
    // Unsorted: the size tags come last, and are still found.
    expect(readHeader(tiffWideIfd(100), "tiff")).toMatchObject({ width: 16, height: 16 });
  });

  test("TIFF: a chain of 300 000 IFDs counts as at least that many pages, refused by the pixel limit", () => {
    const budget = new Budget();
    expect(readHeader(tiffChain(300_000), "tiff", budget).frames).toBeGreaterThanOrEqual(300_001);
    expect(budget.used).toBe(HEADER_STEPS);
    expect(checkUpload(tiffChain(300_000), limits)).toMatchObject({ ok: false, status: 422, detail: expect.stringMatching(/in each of \d+ frames/) });
  });

  test("TIFF: a chain that loops back counts its IFDs, at most twice over, as libtiff stops at the loop", () => {
    for (const more of [0, 1, 6, 499]) {
      const budget = new Budget();
      const frames = readHeader(tiffChain(more, true), "tiff", budget).frames;
      expect(frames).toBeGreaterThanOrEqual(more + 1);
      expect(frames).toBeLessThanOrEqual(2 * (more + 1));
      expect(budget.used).toBeLessThanOrEqual(11 + more + 1);
    }
    expect(readHeader(tiffChain(499), "tiff").frames).toBe(500);
  });

  test("PNG: a tRNS chunk hidden after 20 000 chunks is assumed, and libvips does find it", () => {
    const rgb = vips.Image.black(8, 8, { bands: 3 }).cast("uchar").copy({ interpretation: "srgb" }).writeToBuffer(".png");
    const hidden = pngWith(pngOfChunks(rgb, 20_000), pngChunk("tRNS", Uint8Array.of(0, 1, 0, 1, 0, 1)));
    const budget = new Budget();
    expect(readHeader(hidden, "png", budget)).toMatchObject({ bands: 4 });
    expect(budget.used).toBe(HEADER_STEPS);
    expect(libvipsHeader(vips, hidden)).toMatchObject({ bands: 4 });
    // Nothing past the budget: no guess.
    expect(readHeader(pngOfChunks(rgb, 100), "png")).toMatchObject({ bands: 3 });
  });

  test("WebP: frames hidden after 20 000 chunks are counted from the bytes left", () => {
    const [vp8x, anim, ...frames] = riffChunks(animatedWebp());
    const file = webpOf([vp8x!, anim!, repeated(riffChunk("zzzz", new Uint8Array(0)), 20_000), ...frames, ...frames]);
    const budget = new Budget();
    const got = readHeader(file, "webp", budget);
    expect(budget.used).toBe(HEADER_STEPS);
    const decoder = libvipsHeader(vips, file)!;
    expect(decoder.frames).toBe(6);
    expect(got.frames).toBeGreaterThanOrEqual(decoder.frames);
    expect(got.bands).toBe(4);
  });

  test("GIF: 100 000 frames, counted as at least that many", () => {
    const many = gif([1, 1], Array.from({ length: 100_000 }, () => [0, 0, 1, 1]));
    const budget = new Budget();
    expect(readHeader(many, "gif", budget).frames).toBeGreaterThanOrEqual(100_000);
    expect(budget.used).toBe(HEADER_STEPS);
    expect(libvipsHeader(vips, many)?.frames ?? 0).toBeLessThanOrEqual(readHeader(many, "gif").frames);
  });

  test("GIF: data sub-blocks have their own allowance: 5 MB of full ones is read through, of one-byte ones is not", () => {
    const full = new Budget();
    expect(readHeader(gifOfSubBlocks(5e6, 255), "gif", full)).toMatchObject({ width: 16, height: 16, frames: 1 });
    expect(full.used).toBe(1);
    // Past GIF_DATA_BLOCKS of them, the bytes left count as frames (each of 12 bytes at least).
    const tiny = gifOfSubBlocks(5e6);
    expect(readHeader(tiny, "gif").frames).toBeGreaterThan((tiny.length - 2 * GIF_DATA_BLOCKS - 100) / 12);
    expect(checkUpload(tiny, limits)).toMatchObject({ ok: false, status: 422, detail: expect.stringMatching(/16×16 in each of \d+ frames/) });
  });

  test("JPEG: 4.5 MB with no marker is one skip; 2.5 million stuffed bytes spend the budget; both refused", () => {
    const skip = new Budget();
    expect(() => readHeader(jpegWithoutMarkers(4.5e6), "jpeg", skip)).toThrow(HeaderError);
    expect(skip.used).toBeLessThan(5);
    const stuffed = new Budget();
    expect(() => readHeader(jpegOfStuffing(2.5e6), "jpeg", stuffed)).toThrow(HeaderError);
    expect(stuffed.used).toBe(HEADER_STEPS);
    expect(checkUpload(jpegOfStuffing(2.5e6), limits)).toMatchObject({ ok: false, status: 422 });
  });

  test("AVIF: 250 000 ispe boxes spend the budget, and the file is refused", () => {
    const budget = new Budget();
    expect(() => readHeader(avifWithIspeBoxes(250_000), "avif", budget)).toThrow(HeaderError);
    expect(budget.used).toBe(HEADER_STEPS);
    // Within the budget the same structure is read: the primary item's ispe.
    expect(readHeader(avifWithIspeBoxes(100), "avif")).toMatchObject({ width: 64, height: 64 });
  });
});

test("a smaller budget stops sooner and still answers on the safe side", () => {
  const budget = new Budget(50);
  const frames = gif([4, 4], Array.from({ length: 100 }, () => [0, 0, 4, 4]));
  expect(readHeader(frames, "gif", budget).frames).toBeGreaterThanOrEqual(100);
  expect(budget.used).toBe(50);
  expect(readHeader(frames, "gif").frames).toBe(100);
});
