// Each encoder option changes the file as its format's specification says it should, read from
// the bytes: JPEG markers, PNG chunks, WebP chunks, AVIF's av1C box.
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { encode } from "./encode";
import { ENCODER_SCHEMAS } from "./encoder-options";
import { exportSettings, type ExportRequest } from "./export-image";
import type { OutputFormat } from "./formats";
import { getVips } from "../testing";
import type { VipsImage, VipsModule } from "../types";

const fixture = (name: string) => join(import.meta.dirname, "..", "..", "test", "fixtures", name);
let vips: VipsModule;
let photo: VipsImage;
beforeAll(async () => {
  vips = await getVips();
  photo = vips.Image.newFromBuffer(await sharp(fixture("chelsea.png")).removeAlpha().png().toBuffer()).copyMemory();
});

const save = (format: OutputFormat, request: ExportRequest = {}) => Buffer.from(encode(photo, exportSettings({ metadata: "none", ...request }, format)).data);

/** The JPEG segments before the scan: marker → payload. */
function jpegSegments(data: Buffer): { marker: number; payload: Buffer }[] {
  const out: { marker: number; payload: Buffer }[] = [];
  let at = 2;
  while (at < data.length && data[at] === 0xff) {
    const marker = data[at + 1]!;
    const length = data.readUInt16BE(at + 2);
    out.push({ marker, payload: data.subarray(at + 4, at + 2 + length) });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return out;
}

/** Sampling factors per component from the SOF segment, as "HxV". */
function sampling(data: Buffer): string[] {
  const sof = jpegSegments(data).find((s) => s.marker === 0xc0 || s.marker === 0xc2)!.payload;
  return Array.from({ length: sof[5]! }, (_, i) => `${sof[6 + i * 3 + 1]! >> 4}x${sof[6 + i * 3 + 1]! & 15}`);
}

function pngChunks(data: Buffer): Map<string, Buffer> {
  const chunks = new Map<string, Buffer>();
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString("latin1", at + 4, at + 8);
    if (!chunks.has(type)) chunks.set(type, data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return chunks;
}

describe("JPEG", () => {
  test("progressive writes SOF2; baseline writes SOF0", () => {
    expect(jpegSegments(save("jpeg", { encoder: { progressive: true } })).map((s) => s.marker)).toContain(0xc2);
    const baseline = jpegSegments(save("jpeg")).map((s) => s.marker);
    expect(baseline).toContain(0xc0);
    expect(baseline).not.toContain(0xc2);
  });

  test("4:4:4 samples chroma 1×1; 4:2:0 samples luma 2×2", () => {
    expect(sampling(save("jpeg", { encoder: { subsampling: "4:4:4" } }))).toEqual(["1x1", "1x1", "1x1"]);
    expect(sampling(save("jpeg", { encoder: { subsampling: "4:2:0" }, quality: 95 }))).toEqual(["2x2", "1x1", "1x1"]);
  });

  test("trellis quantisation is smaller at the same quality; another quantisation table changes the DQT", () => {
    expect(save("jpeg", { encoder: { trellis: true } }).length).toBeLessThan(save("jpeg").length);
    const dqt = (b: Buffer) => jpegSegments(b).find((s) => s.marker === 0xdb)!.payload;
    expect(Buffer.compare(dqt(save("jpeg", { encoder: { quantTable: 3 } })), dqt(save("jpeg")))).not.toBe(0);
  });

  test("optimised progressive scans are no larger than plain progressive", () => {
    expect(save("jpeg", { encoder: { progressive: true, optimizeScans: true } }).length).toBeLessThanOrEqual(save("jpeg", { encoder: { progressive: true } }).length);
  });
});

describe("PNG", () => {
  test.each([2, 4, 16, 256] as const)("palette with %i colours has a PLTE of at most that many entries, and is indexed (colour type 3)", async (colours) => {
    const out = save("png", { encoder: { palette: true, colours } });
    const chunks = pngChunks(out);
    expect(chunks.get("IHDR")![9]).toBe(3);
    const entries = chunks.get("PLTE")!.length / 3;
    expect(entries).toBeGreaterThan(1);
    expect(entries).toBeLessThanOrEqual(colours);
    // Decoded by another library, the picture has no more distinct colours than that.
    const { data } = await sharp(out).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const distinct = new Set<number>();
    for (let i = 0; i < data.length; i += 3) distinct.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    expect(distinct.size).toBeLessThanOrEqual(colours);
  });

  test("without palette the PNG is truecolour and lossless", async () => {
    const out = save("png");
    expect(pngChunks(out).get("IHDR")![9]).toBe(2);
    expect(pngChunks(out).has("PLTE")).toBe(false);
    const back = await sharp(out).raw().toBuffer();
    expect(Buffer.compare(back, Buffer.from(photo.writeToMemory() as Uint8Array))).toBe(0);
  });

  test("interlace sets Adam7 in IHDR; a higher zlib level is smaller; no dithering changes the pixels", () => {
    expect(pngChunks(save("png", { encoder: { interlace: true } })).get("IHDR")![12]).toBe(1);
    expect(save("png", { encoder: { compression: 9 } }).length).toBeLessThan(save("png", { encoder: { compression: 0 } }).length);
    expect(Buffer.compare(save("png", { encoder: { palette: true, dither: 0 } }), save("png", { encoder: { palette: true, dither: 1 } }))).not.toBe(0);
  });
});

describe("WebP", () => {
  const chunk = (b: Buffer) => b.toString("latin1", 12, 16);
  test("lossy is VP8; lossless and near-lossless are VP8L, and lossless decodes to the very pixels", async () => {
    expect(chunk(save("webp"))).toBe("VP8 ");
    const lossless = save("webp", { encoder: { lossless: true } });
    expect(chunk(lossless)).toBe("VP8L");
    expect(chunk(save("webp", { encoder: { nearLossless: true }, quality: 60 }))).toBe("VP8L");
    expect(Buffer.compare(await sharp(lossless).raw().toBuffer(), Buffer.from(photo.writeToMemory() as Uint8Array))).toBe(0);
  });

  test("more effort is no larger; smart subsampling changes the output", () => {
    expect(save("webp", { encoder: { effort: 6 } }).length).toBeLessThanOrEqual(save("webp", { encoder: { effort: 0 } }).length);
    expect(Buffer.compare(save("webp", { encoder: { smartSubsample: true } }), save("webp"))).not.toBe(0);
  });
});

describe("AVIF", () => {
  /** av1C's chroma_subsampling_x and _y bits. */
  const subsampling = (b: Buffer) => {
    const at = b.indexOf("av1C", 0, "latin1");
    const flags = b[at + 4 + 2]!;
    return `${(flags >> 3) & 1}${(flags >> 2) & 1}`;
  };
  test("4:4:4 has no chroma subsampling in av1C; 4:2:0 halves both ways", () => {
    expect(subsampling(save("avif", { encoder: { subsampling: "4:4:4" } }))).toBe("00");
    expect(subsampling(save("avif", { encoder: { subsampling: "4:2:0" } }))).toBe("11");
  });

  test("lossless decodes to the very pixels; lossy does not", async () => {
    const source = Buffer.from(photo.writeToMemory() as Uint8Array);
    expect(Buffer.compare(await sharp(save("avif", { encoder: { lossless: true } })).raw().toBuffer(), source)).toBe(0);
    expect(Buffer.compare(await sharp(save("avif")).raw().toBuffer(), source)).not.toBe(0);
  });

  test("more effort changes the encoding", () => {
    expect(Buffer.compare(save("avif", { encoder: { effort: 2 } }), save("avif"))).not.toBe(0);
  });
});

test("unknown and out-of-range options are refused with the field named, per format", () => {
  expect(() => exportSettings({ encoder: { progresive: true } }, "jpeg")).toThrow(/encoder: Unrecognized key.*progresive.*JPEG/);
  expect(() => exportSettings({ encoder: { effort: 7 } }, "webp")).toThrow(/encoder\.effort:.*WEBP/);
  expect(() => exportSettings({ encoder: { colours: 3 } }, "png")).toThrow(/encoder\.colours/);
  expect(() => exportSettings({ encoder: { palette: true } }, "jpeg")).toThrow(/palette/);
  expect(() => exportSettings({ metadata: "some" as never }, "jpeg")).toThrow(/metadata must be one of none, safe, all/);
  for (const schema of Object.values(ENCODER_SCHEMAS)) expect(schema.safeParse({}).success).toBe(true);
});
