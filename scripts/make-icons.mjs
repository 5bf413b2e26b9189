// Renders the app icons from one SVG. Run once by hand (node scripts/make-icons.mjs); the PNGs are committed.
import sharp from "sharp";
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
