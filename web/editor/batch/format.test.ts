import { describe, expect, it } from "vitest";
import { formatBytes, outputName, sizeChange } from "./format";

describe("batch sizes", () => {
  it("reads as B, KB and MB, in decimal units like the editor's", () => {
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(9_540)).toBe("9.5 KB");
    expect(formatBytes(312_400)).toBe("312 KB");
    expect(formatBytes(999_700)).toBe("1.0 MB");
    expect(formatBytes(1_200_000)).toBe("1.2 MB");
    expect(formatBytes(24_400_000)).toBe("24 MB");
  });

  it("says before → after with the saving, or the growth", () => {
    expect(sizeChange(1_200_000, 312_000)).toBe("1.2 MB → 312 KB (\u221274 %)");
    expect(sizeChange(100_000, 112_000)).toBe("100 KB → 112 KB (+12 %)");
    expect(sizeChange(2000, 2000)).toBe("2.0 KB → 2.0 KB (±0 %)");
  });
});

describe("batch output names", () => {
  it("are unique within the batch", () => {
    const taken = new Set<string>();
    for (const file of ["photo.jpg", "photo.jpg", "photo.png", ".hidden"]) taken.add(outputName(taken, file, "webp"));
    expect([...taken]).toEqual(["photo-edited.webp", "photo-edited-2.webp", "photo-edited-3.webp", "image-edited.webp"]);
  });
});
