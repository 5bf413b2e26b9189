// What checkUpload says decoding will hold agrees with libvips' own header of the same file
// (size, bands, sample format, pages), or is larger where the decoder holds more than its header
// says (libnsgif's RGBA canvas, libwebp's animation canvas, a grid's output) or refuses the file.
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { getVips } from "../../converters/testing";
import type { VipsModule } from "../../converters/types";
import { checkUpload } from "../uploads";
import { avif, avifClaiming, avifParts, gif, libvipsHeader, pngChunk, pngWith, riffChunk, tiffChain, tiffWithRationals, webpCanvas, webpWith } from "./testing";

let vips: VipsModule;
beforeAll(async () => {
  vips = await getVips();
});

const decoderHeader = (file: Uint8Array) => libvipsHeader(vips, file);

function ours(bytes: Uint8Array) {
  const check = checkUpload(bytes, { maxBytes: 50e6, maxPixels: 1e9 });
  if (!check.ok) throw new Error(`refused: ${check.detail}`);
  const { width, height, bands, bytesPerSample, frames, decodedBytes } = check;
  return { width, height, bands, bytesPerSample, frames, decodedBytes };
}

type Case = [name: string, make: () => Uint8Array | Promise<Uint8Array>, agreement?: "equal" | "larger"];
const bytes = async (p: Promise<Buffer>) => new Uint8Array(await p);
const rgb = { create: { width: 32, height: 24, channels: 3 as const, background: "#c33" } };
const rgba = { create: { width: 32, height: 24, channels: 4 as const, background: { r: 200, g: 50, b: 50, alpha: 0.5 } } };
/** A libvips image of `bands` bands in `format`, saved as `ext`. */
const saved = (ext: string, bands: number, format: string, interpretation: string, options: Record<string, unknown> = {}) => () =>
  vips.Image.black(32, 24, { bands }).add(Array(bands).fill(format === "float" ? 0.5 : 100)).cast(format as never).copy({ interpretation: interpretation as never }).writeToBuffer(ext, options);
function animation(ext: string, options: Record<string, unknown> = {}): Uint8Array {
  const noise = vips.Image.gaussnoise(16, 36, { mean: 128, sigma: 40 }).cast("uchar");
  const strip = noise.bandjoin([noise, noise]).copy({ interpretation: "srgb" });
  strip.setInt("page-height", 12);
  return strip.writeToBuffer(ext, options);
}
function oriented(ext: string): Uint8Array {
  const image = vips.Image.black(30, 10, { bands: 3 }).add([200, 100, 50]).cast("uchar").copy();
  image.setInt("orientation", 6);
  return image.writeToBuffer(ext, { keep: "exif" });
}

/** An encoder's AVIF rebuilt as a grid of two of its tiles side by side, its output `output` (ispe 64×24). */
async function avifGrid(output: [number, number]): Promise<Uint8Array> {
  const parts = avifParts(await bytes(sharp(rgb).avif({ bitdepth: 10 }).toBuffer()));
  const tile = parts.items.find((i) => i.id === parts.primary)!;
  const ispe = parts.properties.length + 1;
  const grid = Uint8Array.of(0, 0, 0, 1, output[0] >> 8, output[0] & 255, output[1] >> 8, output[1] & 255);
  return avif({
    properties: [...parts.properties, Uint8Array.of(0, 0, 0, 20, ...Buffer.from("ispe"), 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 24)],
    items: [
      { ...tile, id: 1, hidden: true },
      { ...tile, id: 2, hidden: true },
      { id: 3, type: "grid", properties: [ispe], data: grid, inIdat: true },
    ],
    primary: 3,
    references: [{ type: "dimg", from: 3, to: [1, 2] }],
  });
}

const cases: Case[] = [
  ["JPEG RGB", () => bytes(sharp(rgb).jpeg().toBuffer())],
  ["JPEG grey", saved(".jpg", 1, "uchar", "b-w")],
  ["JPEG CMYK", () => bytes(sharp(rgb).toColourspace("cmyk").jpeg().toBuffer())],
  ["JPEG, EXIF orientation 6", () => oriented(".jpg")],
  // SOI and JFIF's APP0 take 20 bytes; the decoder skips to the next marker, with a warning.
  ["JPEG, 100 stray bytes between segments", () => bytes(sharp(rgb).jpeg().toBuffer()).then((j) => new Uint8Array(Buffer.concat([j.subarray(0, 20), new Uint8Array(100), j.subarray(20)])))],
  ["PNG grey", saved(".png", 1, "uchar", "b-w")],
  ["PNG grey + alpha", saved(".png", 2, "uchar", "b-w")],
  ["PNG RGBA", saved(".png", 4, "uchar", "srgb")],
  ["PNG 16-bit grey", saved(".png", 1, "ushort", "grey16")],
  ["PNG 16-bit RGBA", saved(".png", 4, "ushort", "rgb16")],
  ["PNG palette", () => bytes(sharp(rgb).png({ palette: true }).toBuffer())],
  ["PNG palette + alpha", () => bytes(sharp(rgba).png({ palette: true }).toBuffer())],
  ["PNG grey + tRNS", () => pngWith(saved(".png", 1, "uchar", "b-w")(), pngChunk("tRNS", Uint8Array.of(0, 100)))],
  ["PNG RGB + tRNS", () => pngWith(saved(".png", 3, "uchar", "srgb")(), pngChunk("tRNS", Uint8Array.of(0, 100, 0, 100, 0, 100)))],
  ["PNG, a 4.7 MB tEXt chunk before IDAT", () => pngWith(saved(".png", 3, "uchar", "srgb")(), pngChunk("tEXt", new Uint8Array(4.7e6).fill(0x61)))],
  ["WebP lossy", () => bytes(sharp(rgb).webp().toBuffer())],
  ["WebP lossy + alpha", () => bytes(sharp(rgba).webp().toBuffer())],
  ["WebP lossless", () => bytes(sharp(rgb).webp({ lossless: true }).toBuffer())],
  ["WebP lossless + alpha", () => bytes(sharp(rgba).webp({ lossless: true }).toBuffer())],
  // libvips hands out 3 bands; libwebp composed each frame on an RGBA canvas (and its animation
  // encoder may mark pixels a frame leaves unchanged as transparent, which sets the alpha flag).
  ["WebP animated, lossless", () => animation(".webp", { lossless: true }), "larger"],
  ["WebP animated, lossy", () => animation(".webp"), "larger"],
  ["WebP animated, canvas 1×1 under 16×12 frames", () => webpCanvas(animation(".webp", { lossless: true }), 1, 1), "larger"],
  ["WebP with an unknown chunk", () => bytes(sharp(rgb).webp().toBuffer()).then((w) => webpWith(w, riffChunk("zzzz", new Uint8Array(3))))],
  ["GIF", () => bytes(sharp(rgba).gif().toBuffer())],
  ["GIF animated", () => animation(".gif")],
  // libnsgif's canvas is RGBA; libvips hands out 3 bands when no frame is transparent.
  ["GIF, 1×1 screen, 6000×6000 first frame", () => gif([1, 1], [[0, 0, 6000, 6000]]), "larger"],
  ["GIF, 1×1 screen, first frame at (5000, 100)", () => gif([1, 1], [[5000, 100, 10, 10]]), "larger"],
  // libnsgif takes a 640×480 screen for an old encoder's default and shrinks it to the frame.
  ["GIF, 640×480 screen, 10×10 frame", () => gif([640, 480], [[0, 0, 10, 10]]), "larger"],
  ["TIFF RGB", saved(".tif", 3, "uchar", "srgb")],
  ["TIFF 16-bit RGB", saved(".tif", 3, "ushort", "rgb16")],
  ["TIFF float RGB", saved(".tif", 3, "float", "scrgb")],
  ["TIFF 32-bit int grey", saved(".tif", 1, "int", "b-w")],
  ["TIFF 1-bit", saved(".tif", 1, "uchar", "b-w", { bitdepth: 1 })],
  ["TIFF CMYK", () => bytes(sharp(rgb).toColourspace("cmyk").tiff().toBuffer())],
  ["TIFF 4-bit (sharp)", () => bytes(sharp(rgb).tiff({ bitdepth: 4 }).toBuffer())],
  ["TIFF, 7 pages", () => animation(".tif")],
  ["TIFF, 600 000 EXIF rationals", () => tiffWithRationals(600_000)],
  // libtiff stops counting at an IFD it cannot read (an empty one); every IFD counts here.
  ["TIFF, 50 empty IFDs after the first", () => tiffChain(50), "larger"],
  ["AVIF 8-bit", () => bytes(sharp(rgb).avif().toBuffer())],
  ["AVIF 8-bit + alpha", () => bytes(sharp(rgba).avif().toBuffer())],
  ["AVIF 12-bit 4:4:4", () => bytes(sharp(rgb).avif({ bitdepth: 12, chromaSubsampling: "4:4:4" }).toBuffer())],
  ["AVIF 10-bit + alpha", () => bytes(sharp(rgba).avif({ bitdepth: 10 }).toBuffer())],
  ["AVIF grey (decoded as RGB)", saved(".avif", 1, "uchar", "b-w")],
  ["AVIF claiming 6300×6300, 12-bit 4:4:4 + alpha", () => bytes(sharp(rgba).avif({ bitdepth: 12, chromaSubsampling: "4:4:4" }).toBuffer()).then((a) => avifClaiming(a, 6300, 6300))],
  [
    "AVIF rotated a quarter turn (irot)",
    async () => {
      const parts = avifParts(await bytes(sharp(rgb).avif().toBuffer()));
      const irot = parts.properties.push(Uint8Array.of(0, 0, 0, 9, ...Buffer.from("irot"), 1));
      parts.items.find((i) => i.id === parts.primary)!.properties.push(0x80 | irot);
      return avif(parts);
    },
  ],
  ["AVIF grid of two tiles", () => avifGrid([64, 24])],
  // libvips' header says 64×24 (the grid item's ispe); the grid's own output is what decoding
  // allocates. This libheif refuses the mismatch when decoding; the plan takes the larger anyway.
  ["AVIF grid claiming 6000×6000 over a 64×24 ispe", () => avifGrid([6000, 6000]), "larger"],
];

describe.each(cases)("%s", (_name, make, agreement = "equal") => {
  test(agreement === "equal" ? "matches libvips' header" : "plans at least what libvips' header says", async () => {
    const file = await make();
    const decoder = decoderHeader(file);
    const got = ours(file);
    if (agreement === "equal") {
      expect(got).toEqual(decoder);
    } else if (decoder) {
      for (const key of Object.keys(decoder) as (keyof typeof decoder)[]) expect(got[key], key).toBeGreaterThanOrEqual(decoder[key]);
    }
  });
});

test("the hostile files' plans, in numbers", async () => {
  // Under the 40 MP limit, as the probe found; what it holds is what admission needs.
  const deep = avifClaiming(await bytes(sharp(rgba).avif({ bitdepth: 12, chromaSubsampling: "4:4:4" }).toBuffer()), 6300, 6300);
  expect(checkUpload(deep, { maxBytes: 5e6, maxPixels: 40e6 })).toMatchObject({ ok: true, width: 6300, height: 6300, bands: 4, bytesPerSample: 2, decodedBytes: 6300 * 6300 * 8 });
  expect(checkUpload(gif([1, 1], [[0, 0, 6000, 6000]]), { maxBytes: 5e6, maxPixels: 40e6 })).toMatchObject({ ok: true, width: 6000, height: 6000, decodedBytes: 6000 * 6000 * 4 });
  // Past the limit once the frame's extent counts.
  expect(checkUpload(gif([1, 1], [[0, 0, 6000, 7000]]), { maxBytes: 5e6, maxPixels: 40e6 })).toMatchObject({ ok: false, status: 422, detail: expect.stringMatching(/6000×7000/) });
  expect(checkUpload(await avifGrid([6000, 6000]), { maxBytes: 5e6, maxPixels: 40e6 })).toMatchObject({ ok: true, width: 6000, height: 6000, bytesPerSample: 2, decodedBytes: 6000 * 6000 * 3 * 2 });
});
