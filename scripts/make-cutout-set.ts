// Makes the remove-background quality set (test/fixtures/cutout/): subjects whose alpha is known,
// composited on other photos' backgrounds. Run once; its output is committed. The sources are
// scikit-image's sample photos (CC0 or public domain), from Debian's package:
//   apt-get download python3-skimage && dpkg -x python3-skimage_*.deb /tmp/sk
//   npx tsx scripts/make-cutout-set.ts /tmp/sk/usr/lib/python3/dist-packages/skimage/data
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

const source = process.argv[2] ?? "/tmp/sk/usr/lib/python3/dist-packages/skimage/data";
const out = join(import.meta.dirname, "..", "test", "fixtures", "cutout");
const [W, H] = [960, 720];

interface Placement {
  box: [number, number];
  at: [number, number];
  flop?: boolean;
}

/** A W×H layer with `image` (raw, `channels` bands) scaled into the placement's box. */
async function place(image: sharp.Sharp, channels: 1 | 3, { box, at, flop }: Placement): Promise<Buffer> {
  let shape = sharp(await image.resize(box[0], box[1], { fit: channels === 1 ? "fill" : "cover" }).toBuffer());
  if (flop) shape = shape.flop();
  shape = shape.extend({ left: at[0], top: at[1], right: W - box[0] - at[0], bottom: H - box[1] - at[1], background: "#000000" });
  return (channels === 1 ? shape.extractChannel(0) : shape.removeAlpha()).raw().toBuffer();
}

const horse = () => sharp(join(source, "horse.png")).flatten({ background: "#ffffff" }).greyscale().negate();

/** A disc, anti-aliased: the logo's round shape, rendered so that its alpha is known exactly. */
function disc(side: number): sharp.Sharp {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><circle cx="${side / 2}" cy="${side / 2}" r="${side / 2 - 2}" fill="#fff"/></svg>`;
  return sharp(Buffer.from(svg)).greyscale();
}

const backdrop = (file: string, blur: number) => {
  const img = sharp(join(source, file)).removeAlpha().toColourspace("srgb").resize(W, H, { fit: "cover" });
  return (blur ? img.blur(blur) : img).raw().toBuffer();
};

const cases: { name: string; alpha: () => sharp.Sharp; subject: string; at: Placement; background: string; blur: number }[] = [
  { name: "horse-on-cat", alpha: horse, subject: "rocket.jpg", at: { box: [640, 525], at: [200, 150] }, background: "chelsea.png", blur: 8 },
  { name: "disc-on-brick", alpha: () => disc(480), subject: "logo.png", at: { box: [440, 440], at: [420, 170] }, background: "brick.png", blur: 3 },
  { name: "horse-on-rocket", alpha: horse, subject: "astronaut.png", at: { box: [480, 394], at: [60, 280], flop: true }, background: "rocket.jpg", blur: 10 },
  { name: "disc-on-gravel", alpha: () => disc(480), subject: "coffee.png", at: { box: [380, 380], at: [120, 90] }, background: "gravel.png", blur: 0 },
];

for (const c of cases) {
  const alpha = await place(c.alpha(), 1, c.at);
  const fg = await place(sharp(join(source, c.subject)).removeAlpha().toColourspace("srgb"), 3, c.at);
  const bg = await backdrop(c.background, c.blur);
  const photo = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) for (let k = 0; k < 3; k++) photo[i * 3 + k] = Math.round((fg[i * 3 + k]! * alpha[i]! + bg[i * 3 + k]! * (255 - alpha[i]!)) / 255);
  await sharp(photo, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toFile(join(out, `${c.name}.jpg`));
  await sharp(alpha, { raw: { width: W, height: H, channels: 1 } }).png({ compressionLevel: 9 }).toFile(join(out, `${c.name}.mask.png`));
}
writeFileSync(
  join(out, "README.md"),
  `# Remove background: the quality set

Each \`NAME.jpg\` is a subject with a known alpha composited on another photo's background (blurred,
or sharp for \`disc-on-gravel\`); \`NAME.mask.png\` is that alpha (255 = subject). Made by
\`scripts/make-cutout-set.ts\` from scikit-image's sample photos (CC0 or public domain): the horse
silhouette (horse.png) filled with rocket.jpg or astronaut.png, and a rendered disc filled with
logo.png or coffee.png, over chelsea.png, brick.png, rocket.jpg and gravel.png.
`,
);
console.log(`wrote ${cases.length} composites to ${out}`);
