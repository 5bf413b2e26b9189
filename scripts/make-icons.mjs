// Renders the app icons from one SVG. Run once by hand (node scripts/make-icons.mjs); the PNGs and
// public/favicon.ico are committed.
import sharp from "sharp";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const glyph = (pad) => `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#1f2937"/>
  <g transform="translate(${pad} ${pad}) scale(${(512 - 2 * pad) / 512})">
    <rect x="96" y="128" width="320" height="256" rx="28" fill="#f9fafb"/>
    <circle cx="196" cy="208" r="36" fill="#f59e0b"/>
    <path d="M120 360 L232 248 L296 312 L336 272 L392 328 L392 360 Z" fill="#2563eb"/>
  </g>
</svg>`;
const out = join(import.meta.dirname, "..", "public", "icons");
await sharp(Buffer.from(glyph(0))).resize(192).png().toFile(join(out, "icon-192.png"));
await sharp(Buffer.from(glyph(0))).resize(512).png().toFile(join(out, "icon-512.png"));
// Maskable icons keep their content inside the central 80 % safe zone.
await sharp(Buffer.from(glyph(56))).resize(512).png().toFile(join(out, "maskable-512.png"));

// /favicon.ico, for whatever asks for it by name (a page that declares no icon, such as /api/docs;
// crawlers; older browsers): 16, 32 and 48 px. An ICO file is a 6-byte header and a 16-byte entry
// per image, then the images, PNG ones here (read by every browser in use).
const sizes = [16, 32, 48];
const pngs = await Promise.all(sizes.map((size) => sharp(Buffer.from(glyph(0))).resize(size).png().toBuffer()));
const header = Buffer.alloc(6);
header.writeUInt16LE(1, 2); // type 1: icon
header.writeUInt16LE(pngs.length, 4);
let offset = header.length + 16 * pngs.length;
const entries = pngs.map((png, i) => {
  const entry = Buffer.alloc(16);
  entry.writeUInt8(sizes[i], 0); // width
  entry.writeUInt8(sizes[i], 1); // height
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(png.length, 8);
  entry.writeUInt32LE(offset, 12);
  offset += png.length;
  return entry;
});
await writeFile(join(out, "..", "favicon.ico"), Buffer.concat([header, ...entries, ...pngs]));
