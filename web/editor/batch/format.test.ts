import { describe, expect, it } from "vitest";
import { formatBytes, outputName, sizeChange } from "./format";

describe("batch sizes", () => {
  it("reads as B, KB and MB", () => {
    expect(formatBytes(812)).toBe("812 B");
    expect(formatBytes(312 * 1024 + 100)).toBe("312 KB");
    expect(formatBytes(1.2 * 1024 * 1024)).toBe("1.2 MB");
    expect(formatBytes(24.4 * 1024 * 1024)).toBe("24 MB");
  });

  it("says before → after with the saving, or the growth", () => {
    expect(sizeChange(1.2 * 1024 * 1024, 312 * 1024)).toBe("1.2 MB → 312 KB (\u221275 %)");
    expect(sizeChange(100 * 1024, 112 * 1024)).toBe("100 KB → 112 KB (+12 %)");
    expect(sizeChange(2048, 2048)).toBe("2 KB → 2 KB (±0 %)");
  });
});

describe("batch output names", () => {
  it("are unique within the batch", () => {
    const taken = new Set<string>();
    for (const file of ["photo.jpg", "photo.jpg", "photo.png", ".hidden"]) taken.add(outputName(taken, file, "webp"));
    expect([...taken]).toEqual(["photo-edited.webp", "photo-edited-2.webp", "photo-edited-3.webp", "image-edited.webp"]);
  });
});
