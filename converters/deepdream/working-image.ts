// The pixel side every optimisation on the InceptionV3 trunk shares (DeepDream, style transfer):
// fit the picture to the params' longest side and the net's smallest input, split off alpha, hand
// over planar RGB, then put the result back together at the output's size.
import { ConversionError } from "../engine/errors";
import type { VipsImage, VipsModule } from "../types";
import { dreamScale } from "./cost";
import { fromRgb8, type Planar, toRgb8 } from "./planar";

export interface WorkingImage {
  planar: Planar;
  /** The result's planes as the step's output: back to the output's size, with the input's alpha. */
  finish: (result: Planar) => VipsImage;
}

/**
 * Checked here too, not only at planning (`refusal`, the converter cost's refuse): the device
 * works at its own, smaller maxSize. A photo smaller than the net's input is enlarged and shrunk back.
 */
export function workingImage(vips: VipsModule, image: VipsImage, maxSize: number, refusal: (size: { width: number; height: number }) => string | undefined): WorkingImage {
  const alpha = image.hasAlpha() ? image.extractBand(image.bands - 1) : undefined;
  let rgb = alpha ? image.extractBand(0, { n: image.bands - 1 }) : image;
  if (rgb.bands < 3) rgb = rgb.colourspace("srgb");
  const { shrink, scale } = dreamScale(rgb, maxSize);
  const refused = refusal(rgb);
  if (refused) throw new ConversionError("too-many-pixels", refused);
  const working = scale === 1 ? rgb : rgb.resize(scale);
  const { width, height } = working;
  // 8-bit sRGB after normalise(), so the bytes are interleaved RGB.
  const planar = fromRgb8(new Uint8Array(working.writeToMemory().buffer), width, height);
  return {
    planar,
    finish: (result) => {
      let out = vips.Image.newFromMemory(toRgb8(result), width, height, 3, vips.BandFormat.uchar).copy({ interpretation: "srgb" });
      const target = { width: Math.round(rgb.width * shrink), height: Math.round(rgb.height * shrink) };
      if (scale > shrink) out = out.thumbnailImage(target.width, { height: target.height, size: "force" });
      if (alpha) out = out.bandjoin(alpha.thumbnailImage(out.width, { height: out.height, size: "force" }));
      return out;
    },
  };
}
