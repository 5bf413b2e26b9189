// Test photos made here, so the measurement does not lean on the two fixtures alone: printed
// text, a fractal landscape, a zone plate (every frequency up to Nyquist) and flat shapes with
// gradients and hard edges. Deterministic: the same bytes on every run.
import sharp from "sharp";

function noise(width: number, height: number, seed: number): Float64Array {
  // Value noise over octaves: smooth large forms and fine texture, like terrain or foliage.
  let state = seed;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const out = new Float64Array(width * height);
  for (let octave = 0, cell = 128, amp = 1; cell >= 2; octave++, cell /= 2, amp *= 0.55) {
    const gw = Math.ceil(width / cell) + 2;
    const grid = Float64Array.from({ length: gw * (Math.ceil(height / cell) + 2) }, random);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const gx = x / cell;
        const gy = y / cell;
        const [ix, iy] = [Math.floor(gx), Math.floor(gy)];
        const [fx, fy] = [(3 - 2 * (gx - ix)) * (gx - ix) ** 2, (3 - 2 * (gy - iy)) * (gy - iy) ** 2];
        const v = (i: number, j: number) => grid[(iy + j) * gw + ix + i]!;
        out[y * width + x]! += amp * ((v(0, 0) * (1 - fx) + v(1, 0) * fx) * (1 - fy) + (v(0, 1) * (1 - fx) + v(1, 1) * fx) * fy);
      }
  }
  return out;
}

export async function syntheticPhotos(): Promise<Record<string, Buffer>> {
  const [w, h] = [640, 428];
  const text = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f3efe4"/>
    ${Array.from({ length: 12 }, (_, i) => `<text x="18" y="${36 + i * 33}" font-family="DejaVu Serif, serif" font-size="${13 + (i % 4) * 5}" fill="#1d1d1d">Resampling test ${i}: the quick brown fox jumps over 0123456789</text>`).join("")}</svg>`;
  const shapes = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#0b3d91"/><stop offset="1" stop-color="#f2a900"/></linearGradient>
    <radialGradient id="r"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#b0124a"/></radialGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="190" cy="210" r="120" fill="url(#r)"/><rect x="360" y="60" width="220" height="150" fill="#1a1a1a" transform="rotate(12 470 135)"/>
    <path d="M60 400 L300 330 L560 410 Z" fill="#3c8d2f"/><line x1="0" y1="20" x2="640" y2="120" stroke="#fff" stroke-width="3"/></svg>`;
  const land = noise(w, h, 7);
  const landscape = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = land[y * w + x]! / 2.2;
      const sky = y < h * 0.35 + 60 * (v - 0.5);
      const i = (y * w + x) * 3;
      landscape[i] = sky ? 120 + 80 * v : 40 + 120 * v;
      landscape[i + 1] = sky ? 160 + 70 * v : 70 + 150 * v;
      landscape[i + 2] = sky ? 220 + 30 * v : 30 + 60 * v;
    }
  const zone = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const r2 = (x - w / 2) ** 2 + (y - h / 2) ** 2;
      zone.fill(Math.round(127.5 + 127.5 * Math.cos((Math.PI * r2) / (2 * w))), (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
  const raw = (data: Buffer) => sharp(data, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
  return {
    text: await sharp(Buffer.from(text)).flatten().png().toBuffer(),
    shapes: await sharp(Buffer.from(shapes)).flatten().png().toBuffer(),
    landscape: await raw(landscape),
    "zone-plate": await raw(zone),
  };
}
