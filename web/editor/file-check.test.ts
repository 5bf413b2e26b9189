import { expect, test } from "vitest";
import { refusal } from "./file-check";

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

test("images pass; a PDF, a zip or text is refused by name, and an edit in progress is said to be kept", () => {
  expect(refusal("a.png", png, true)).toBeUndefined();
  expect(refusal("report.pdf", bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0"), true)).toBe(
    "report.pdf is a PDF document, not a JPEG, PNG, WebP, AVIF, GIF or TIFF image, so it was not opened. Your photo and its steps are as they were.",
  );
  expect(refusal("sheet.xlsx", bytes("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), false)).toMatch(/^sheet\.xlsx is a ZIP archive .* not opened\.$/);
  expect(refusal("photo.jpg", bytes("Dear diary, today I saved"), false)).toBe("photo.jpg is not a JPEG, PNG, WebP, AVIF, GIF or TIFF image, so it was not opened.");
  expect(refusal("empty.jpg", new Uint8Array(0), false)).toMatch(/not opened/);
  expect(refusal("IMG_1.heic", bytes("\0\0\0\x18ftypheic\0\0\0\0"), true)).toMatch(/HEIC photos cannot be opened yet.*as they were\.$/);
});
