import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConversionError } from "./errors";
import { sniffFormat } from "./formats";
import { runPipeline } from "./pipeline";
import { getVips } from "../testing";

const fixtures = join(import.meta.dirname, "..", "..", "test", "fixtures");
const coffee = new Uint8Array(readFileSync(join(fixtures, "coffee.png")));

describe("runPipeline", () => {
  test("a chain runs in one pass and keeps the input's format by default", async () => {
    const vips = await getVips();
    const out = runPipeline(vips, coffee, { steps: [{ converter: "grayscale" }, { converter: "flip-horizontal" }] });
    expect(out.format).toBe("png");
    expect([out.width, out.height]).toEqual([600, 400]);
    const decoded = vips.Image.newFromBuffer(out.data);
    expect(decoded.bands).toBe(1);
    // Mirrored: the result's left column is the grey of the original's right column.
    const original = vips.Image.newFromBuffer(coffee).colourspace("b-w");
    expect(decoded.extractArea(0, 0, 1, 400).avg()).toBeCloseTo(original.extractArea(599, 0, 1, 400).avg(), 0);
  });

  test.each([{ steps: [] }, { steps: [{ converter: "flip-horizontal" }] }])("a target size searches a streamed decode too ($steps.length steps)", async ({ steps }) => {
    const vips = await getVips();
    const out = runPipeline(vips, coffee, { steps, format: "jpeg", targetBytes: 20_000 });
    expect(out.data.byteLength).toBeLessThanOrEqual(20_000);
    expect(out.fits).toBe(true);
    expect(out.quality).toBeLessThan(100);
  });

  test.each(["jpeg", "png", "webp", "avif"] as const)("encodes %s, and the bytes say so", async (format) => {
    const vips = await getVips();
    const out = runPipeline(vips, coffee, { steps: [{ converter: "resize", params: { percent: 25 } }], format, quality: 70 });
    expect(sniffFormat(out.data)).toBe(format);
    expect([out.width, out.height]).toEqual([150, 100]);
  });

  test("resize first takes the shrink-on-load path and matches the plain path", async () => {
    const vips = await getVips();
    const fast = runPipeline(vips, coffee, { steps: [{ converter: "resize", params: { width: 300 } }] });
    const slow = runPipeline(vips, coffee, {
      steps: [{ converter: "invert" }, { converter: "resize", params: { width: 300 } }, { converter: "invert" }],
    });
    const a = vips.Image.newFromBuffer(fast.data);
    const b = vips.Image.newFromBuffer(slow.data);
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    expect(a.subtract(b).abs().avg()).toBeLessThan(1.5);
  });

  test("bad input gets a ConversionError a person can read", async () => {
    const vips = await getVips();
    const text = new TextEncoder().encode("this is not an image, whatever its name says");
    expect(() => runPipeline(vips, text, { steps: [] })).toThrow(/not a JPEG, PNG/);
    const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode("ftypheic"), 0, 0, 0, 0]);
    expect(() => runPipeline(vips, heic, { steps: [] })).toThrow(/HEIC/);
    const truncated = coffee.subarray(0, coffee.length / 3);
    // Both decode paths: a full decode, and shrink-on-load when the chain starts with a resize.
    for (const steps of [[{ converter: "invert" }], [{ converter: "resize", params: { percent: 50 } }]]) {
      const error = (() => {
        try {
          runPipeline(vips, truncated, { steps });
        } catch (e) {
          return e;
        }
      })();
      expect(error, steps[0]!.converter).toBeInstanceOf(ConversionError);
      expect((error as ConversionError).code).toBe("undecodable");
    }
    expect(() => runPipeline(vips, coffee, { steps: [] }, 1000)).toThrow(/limit is/);
    expect(() => runPipeline(vips, coffee, { steps: [{ converter: "nope" }] })).toThrow(/Unknown converter/);
    expect(() => runPipeline(vips, coffee, { steps: [{ converter: "gamma", params: { gamma: -1 } }] })).toThrow(/Gamma/);
  });
});
