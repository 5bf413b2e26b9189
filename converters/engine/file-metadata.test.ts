import { join } from "node:path";
import sharp from "sharp";
import { expect, test } from "vitest";
import { modesKeepingMetadata } from "./file-metadata";
import { getVips } from "../testing";
import { cameraJpeg } from "../testing/exif";

const chelsea = join(import.meta.dirname, "..", "..", "test", "fixtures", "chelsea.png");
const modes = async (bytes: Uint8Array | Buffer) => modesKeepingMetadata(await getVips(), new Uint8Array(bytes));

test("a file with no metadata is kept as it is by every mode", async () => {
  expect(await modes(await sharp(chelsea).jpeg().toBuffer())).toEqual(["all", "safe", "none"]);
  expect(await modes(await sharp(chelsea).png().toBuffer())).toEqual(["all", "safe", "none"]);
  expect(await modes(await sharp(chelsea).webp().toBuffer())).toEqual(["all", "safe", "none"]);
});

test("a colour profile, the camera and layout tags are what Safe keeps: Safe and All keep such a file, None does not", async () => {
  expect(await modes(await sharp(chelsea).withIccProfile("p3").jpeg().toBuffer())).toEqual(["all", "safe"]);
  const camera = await sharp(chelsea).withExif({ IFD0: { Make: "Canon", Model: "Canon EOS 5D Mark IV", Orientation: "1" } }).jpeg().toBuffer();
  expect(await modes(camera)).toEqual(["all", "safe"]);
});

test("a phone's photo (GPS, serial number, maker note, XMP) is kept as it is only by All", async () => {
  expect(await modes(await cameraJpeg(chelsea))).toEqual(["all"]);
});

test("a PNG's text, even after its image data where libvips' header does not look, is not Safe's", async () => {
  const png = await sharp(chelsea).png().toBuffer();
  // A tEXt chunk just before IEND (the last 12 bytes).
  const text = Buffer.from("Comment\0taken at home, 51.5N 0.1W");
  const chunk = Buffer.alloc(12 + text.length);
  chunk.writeUInt32BE(text.length, 0);
  chunk.write("tEXt", 4, "latin1");
  text.copy(chunk, 8);
  const withText = Buffer.concat([png.subarray(0, png.length - 12), chunk, png.subarray(png.length - 12)]);
  expect(await modes(withText)).toEqual(["all"]);
});
