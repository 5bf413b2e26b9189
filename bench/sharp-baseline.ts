// The same work in sharp (native libvips), the baseline each converter is measured against.
// Where sharp has no such op, the closest single pass stands in, and the row says so.
import sharp, { type Sharp } from "sharp";
import { hueMatrix } from "../converters/hue/run";
import { saturateMatrix } from "../converters/saturation/run";
import { sepiaMatrix } from "../converters/sepia/run";

type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];
const rows = (m: number[]): Matrix3 => [m.slice(0, 3), m.slice(3, 6), m.slice(6, 9)] as Matrix3;

export interface Baseline {
  /** What sharp runs, when it is not the very same operation. */
  proxy?: string;
  apply: (img: Sharp, width: number, height: number) => Sharp | Promise<Sharp>;
}

/** Keyed by converter id; each uses that converter's default params. */
export const baselines: Record<string, Baseline> = {
  grayscale: { apply: (i) => i.toColourspace("b-w") },
  "flip-horizontal": { apply: (i) => i.flop() },
  "flip-vertical": { apply: (i) => i.flip() },
  rotate: { apply: (i) => i.rotate(90) },
  contrast: { apply: (i) => i.linear(1.25, 127.5 * (1 - 1.25)) },
  brightness: { apply: (i) => i.linear(1.2, 0) },
  saturation: { apply: (i) => i.recomb(rows(saturateMatrix(1.5))) },
  hue: { apply: (i) => i.recomb(rows(hueMatrix(90))) },
  invert: { apply: (i) => i.negate({ alpha: false }) },
  sepia: { apply: (i) => i.recomb(rows(sepiaMatrix(1))) },
  "gaussian-blur": { apply: (i) => i.blur(2) },
  sharpen: { proxy: "sharpen(sigma 1.5), LAB", apply: (i) => i.sharpen({ sigma: 1.5 }) },
  resize: { apply: (i, w, h) => i.resize(Math.round(w / 2), Math.round(h / 2), { kernel: "lanczos3" }) },
  crop: {
    apply: (i, w, h) =>
      i.extract({ left: Math.round(w * 0.1), top: Math.round(h * 0.1), width: Math.round(w * 0.8), height: Math.round(h * 0.8) }),
  },
  pixelate: {
    // sharp resizes once per pipeline, so the way down and the way up are two pipelines.
    apply: async (i, w, h) => {
      const { data, info } = await i.resize(Math.ceil(w / 16), Math.ceil(h / 16), { kernel: "linear" }).raw().toBuffer({ resolveWithObject: true });
      return sharp(data, { raw: info }).resize(w, h, { kernel: "nearest" });
    },
  },
  posterize: { proxy: "linear (sharp has no lookup table)", apply: (i) => i.linear(1.1, -5) },
  threshold: { apply: (i) => i.threshold(128) },
  gamma: { proxy: "linear (sharp has no lookup table)", apply: (i) => i.linear(1.1, -5) },
  "auto-levels": { apply: (i) => i.normalise({ lower: 0.5, upper: 99.5 }) },
};
