import { expect, test } from "vitest";
import { defaultEncoder } from "../../../converters/engine/encoder-options";
import { encodeTime } from "./EncoderOptions";

test("slow encoder settings are said before they run; quick ones are not", () => {
  const avif = defaultEncoder("avif");
  expect(encodeTime("avif", avif, 12e6, undefined)).toBeUndefined();
  expect(encodeTime("avif", { ...avif, effort: 9 }, 12e6, undefined)).toMatch(/^About 30 min to encode this photo/);
  expect(encodeTime("avif", { ...avif, effort: 4 }, 2e6, undefined)).toMatch(/^About 36 s/);
  // A target size encodes a few times over.
  expect(encodeTime("jpeg", { ...defaultEncoder("jpeg"), trellis: true }, 12e6, 500_000)).toMatch(/^About 24 s .* and a target size/);
  expect(encodeTime("jpeg", defaultEncoder("jpeg"), 12e6, 500_000)).toBeUndefined();
  expect(encodeTime("avif", { ...avif, effort: 9 }, undefined, undefined)).toBeUndefined();
});
