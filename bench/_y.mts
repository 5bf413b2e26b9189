import sharp from "sharp";
const files = process.argv.slice(3); const out = process.argv[2]!;
const h = 256;
const imgs = await Promise.all(files.map(async f => { const b = await sharp(f).resize({ height: h }).png().toBuffer(); const m = await sharp(b).metadata(); return { b, w: m.width! }; }));
const W = imgs.reduce((s, i) => s + i.w + 8, 0);
let x = 0; const comp = imgs.map(i => { const c = { input: i.b, left: x, top: 0 }; x += i.w + 8; return c; });
await sharp({ create: { width: W, height: h, channels: 3, background: "#fff" } }).composite(comp).png().toFile(out);
