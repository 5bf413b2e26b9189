// A photo-like JPEG for bench:editor, made from nothing: smooth light and colour across the frame
// (a sky, a warm foreground), a few soft-edged shapes, and sensor-like noise, so it decodes,
// filters and compresses like a camera's photo (about a bit a pixel at quality 90, as the enlarged fixture it replaces) rather than a
// flat test card. Seeded: every run measures the same bytes.
import sharp from "sharp";

export async function syntheticPhoto(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  const shapes = [
    { x: 0.3, y: 0.62, r: 0.18, rgb: [150, 90, 60] },
    { x: 0.7, y: 0.55, r: 0.12, rgb: [60, 110, 70] },
    { x: 0.55, y: 0.25, r: 0.08, rgb: [245, 230, 180] },
  ];
  let seed = 7;
  for (let y = 0; y < height; y++) {
    const v = y / height;
    for (let x = 0; x < width; x++) {
      const u = x / width;
      // Sky above, ground below, a soft horizon between.
      const ground = 1 / (1 + Math.exp(-(v - 0.5) * 18));
      let r = (110 + 60 * u) * (1 - ground) + (160 - 40 * v) * ground;
      let g = (150 + 40 * Math.sin(u * Math.PI)) * (1 - ground) + (120 - 30 * u) * ground;
      let b = (215 - 30 * v) * (1 - ground) + (80 + 20 * Math.cos(u * 6)) * ground;
      for (const s of shapes) {
        const d = Math.hypot((u - s.x) * (width / height), v - s.y) / s.r;
        const w = d < 1 ? 1 : Math.max(0, 1 - (d - 1) * 8);
        r += (s.rgb[0]! - r) * w;
        g += (s.rgb[1]! - g) * w;
        b += (s.rgb[2]! - b) * w;
      }
      // Grass-like detail on the ground, a few pixels across, then the sensor's noise on everything.
      const detail = ground * 14 * Math.sin(x * 0.9 + 3 * Math.sin(y * 0.21)) * Math.sin(y * 0.47 + x * 0.05);
      const i = (y * width + x) * 3;
      for (const [c, value] of [r, g, b].entries()) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        data[i + c] = Math.max(0, Math.min(255, Math.round(value + detail) + ((seed >> 16) % 11) - 5));
      }
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}
