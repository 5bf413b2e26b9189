import type { VipsImage, VipsModule } from "./types";

/** Applies `fn` to the colour bands only, so alpha passes through untouched. */
export function onColour(image: VipsImage, fn: (colour: VipsImage) => VipsImage): VipsImage {
  if (!image.hasAlpha()) return fn(image);
  const colour = image.extractBand(0, { n: image.bands - 1 });
  const alpha = image.extractBand(image.bands - 1);
  return fn(colour).bandjoin(alpha);
}

/** Spatial filters must not bleed transparent pixels' colour into their neighbours. */
export function premultiplied(image: VipsImage, fn: (img: VipsImage) => VipsImage): VipsImage {
  if (!image.hasAlpha()) return fn(image);
  return fn(image.premultiply()).unpremultiply().cast("uchar");
}

/** Colour-matrix ops need three bands; a grey image is promoted to sRGB first. */
export function asRgb(image: VipsImage): VipsImage {
  const colourBands = image.hasAlpha() ? image.bands - 1 : image.bands;
  return colourBands >= 3 ? image : image.colourspace("srgb");
}

export function toUchar(image: VipsImage): VipsImage {
  return image.format === "uchar" ? image : image.cast("uchar");
}

/** A 3×3 colour matrix (row-major, sRGB in and out), as CSS filter effects define them. */
export function colourMatrix(vips: VipsModule, image: VipsImage, m: number[]): VipsImage {
  const matrix = vips.Image.newMatrix(3, 3, m);
  return onColour(asRgb(image), (c) => toUchar(c.recomb(matrix)));
}

/** Maps every 8-bit value through `f`, via a lookup table so the op costs one pass. */
export function mapValues(vips: VipsModule, image: VipsImage, f: (v: number) => number): VipsImage {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.max(0, Math.min(255, Math.round(f(v))));
  const lut = vips.Image.newFromMemory(table, 256, 1, 1, vips.BandFormat.uchar);
  return onColour(image, (c) => c.maplut(lut));
}
