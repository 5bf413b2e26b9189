import { describe, expect, it } from "vitest";
import { packJobFiles, unpackJobFiles } from "./job-files";

describe("a job's stored files", () => {
  const image = Uint8Array.from([0xff, 0xd8, 0xff, 1, 2, 3]);
  const style = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 9]);

  it("stores an image alone as it came, and reads it back so", () => {
    expect(packJobFiles({ image })).toBe(image);
    expect(unpackJobFiles(image)).toEqual({ image });
  });

  it("frames an image with its style photo and reads both back", () => {
    const stored = packJobFiles({ image, attachments: { style } });
    expect(stored.length).toBe(8 + 5 + image.length + 5 + style.length);
    const read = unpackJobFiles(stored);
    expect([...read.image]).toEqual([...image]);
    expect([...read.attachments!.style!]).toEqual([...style]);
  });

  it("refuses a damaged frame rather than reading past it", () => {
    const stored = packJobFiles({ image, attachments: { style } });
    expect(() => unpackJobFiles(stored.subarray(0, stored.length - 1))).toThrow(/damaged/);
  });
});
