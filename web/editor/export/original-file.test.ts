import { expect, test } from "vitest";
import { DEFAULT_CHOICE } from "./choice";
import { originalDownload } from "./original-file";

const all = ["all", "safe", "none"] as const;

test("no new encoding asked for, metadata the mode keeps: the file itself", () => {
  expect(originalDownload("jpeg", DEFAULT_CHOICE, all)).toEqual({ kind: "original" });
  expect(originalDownload("png", DEFAULT_CHOICE, ["all", "safe"])).toEqual({ kind: "original" });
  // Naming the file's own format is not another format.
  expect(originalDownload("webp", { ...DEFAULT_CHOICE, format: "webp" }, all)).toEqual({ kind: "original" });
  // PNG has no quality: a moved slider changes nothing.
  expect(originalDownload("png", { ...DEFAULT_CHOICE, quality: 50 }, all)).toEqual({ kind: "original" });
  expect(originalDownload("jpeg", { ...DEFAULT_CHOICE, metadata: "all" }, ["all"])).toEqual({ kind: "original" });
});

test("what asks for a new encoding, said in words", () => {
  const why = (...args: Parameters<typeof originalDownload>) => {
    const out = originalDownload(...args);
    return out.kind === "encoded" ? out.why : out.kind;
  };
  expect(why("jpeg", { ...DEFAULT_CHOICE, format: "webp" }, all)).toBe("you chose WebP");
  expect(why("jpeg", { ...DEFAULT_CHOICE, quality: 60 }, all)).toBe("you chose quality 60");
  expect(why("jpeg", { ...DEFAULT_CHOICE, targetKB: 50 }, all)).toBe("a target size is set");
  expect(why("jpeg", { ...DEFAULT_CHOICE, encoder: { format: "jpeg", options: { progressive: true } } as never }, all)).toBe("you changed the encoder options");
  expect(why("gif", DEFAULT_CHOICE, all)).toBe("GIF is saved as PNG");
  // A phone's photo with its location: Safe re-encodes without it, and says All keeps the file.
  expect(why("jpeg", DEFAULT_CHOICE, ["all"])).toMatch(/“Safe” removes .* “All” gives the file as it is/);
  expect(why("jpeg", { ...DEFAULT_CHOICE, metadata: "none" }, ["all", "safe"])).toMatch(/“None” removes/);
  // Not read yet: neither answer until it is.
  expect(why("jpeg", DEFAULT_CHOICE, undefined)).toBe("pending");
});
