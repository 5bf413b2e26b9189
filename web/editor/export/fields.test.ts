import { describe, expect, it } from "vitest";
import { defaultEncoder, isLossless } from "../../../converters/engine/encoder-options";
import { exportRequest, targetBytes, withFormat } from "./choice";
import { encoderFields } from "./fields";

describe("encoder controls from the schemas", () => {
  it("gives each option a control of its kind, with the schema's range", () => {
    const png = encoderFields("png");
    expect(png.map((f) => f.key)).toEqual(["palette", "colours", "dither", "effort", "compression", "interlace"]);
    expect(png.find((f) => f.key === "colours")).toMatchObject({ kind: "select", options: [2, 4, 16, 256] });
    expect(png.find((f) => f.key === "dither")).toMatchObject({ kind: "range", min: 0, max: 1, step: 0.05 });
    expect(encoderFields("jpeg").find((f) => f.key === "quantTable")).toMatchObject({ kind: "range", min: 0, max: 8, step: 1, label: "Quantisation table" });
    expect(encoderFields("avif").find((f) => f.key === "subsampling")).toMatchObject({ kind: "select", options: ["auto", "4:2:0", "4:4:4"] });
    for (const f of encoderFields("webp")) expect(f.hint).toBeTruthy();
  });
});

describe("export choice", () => {
  const choice = { format: "png" as const, quality: 70, metadata: "safe" as const, targetKB: 200 };
  it("sends a target size only where quality can reach it", () => {
    expect(targetBytes(choice, "png")).toBeUndefined();
    const palette = { ...choice, encoder: { format: "png" as const, options: { ...defaultEncoder("png"), palette: true } } };
    expect(isLossless("png", palette.encoder.options)).toBe(false);
    expect(exportRequest(palette, "png")).toMatchObject({ format: "png", targetBytes: 200_000, encoder: { palette: true } });
    expect(targetBytes({ ...choice, targetKB: 0.5 }, "jpeg")).toBeUndefined();
  });
  it("keeps encoder options to the format they were set for", () => {
    const set = { ...choice, encoder: { format: "jpeg" as const, options: { ...defaultEncoder("jpeg"), trellis: true } } };
    expect(exportRequest(set, "webp").encoder).toEqual(defaultEncoder("webp"));
    expect(withFormat(set, "webp").encoder).toBeUndefined();
  });
});
