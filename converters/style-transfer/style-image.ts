// The style-transfer converter's pixel side, shared by the server (server.ts) and the device
// (device.ts): fit the size, read the style photo, transfer on the RGB planes, put the picture
// back together. Only where the style's bytes and the engine come from differs.
import type { z } from "zod";
import { MIN_SIDE } from "../deepdream/cost";
import { fromRgb8 } from "../deepdream/planar";
import { workingImage } from "../deepdream/working-image";
import { ConversionError } from "../engine/errors";
import type { HeavyContext, VipsImage, VipsModule } from "../types";
import { cost } from "./cost";
import { LAYER_NAMES as LAYER_ORDER } from "./layers";
import type { meta } from "./meta";
import type { LayerChoice } from "./style-model";
import { type ShippedStyle, UPLOADED_STYLE } from "./styles";
import { type StyleEngine, transfer, type TransferOptions } from "./transfer";

export type StyleParams = z.output<typeof meta.params>;

/** A style photo larger than this is refused unread (the upload check's default limit). */
const STYLE_MAX_PIXELS = 40_000_000;
/** Adam's step in the net's input units: about 2.5 levels of 255 at first, less as it settles. */
const LEARNING_RATE = 0.02;
/** The params' strength 1 is this style weight against the content's (both relative errors). */
const STRENGTH_SCALE = 100;

export interface StyleSources {
  /** A shipped style's bytes (the app's file). */
  shipped: (style: ShippedStyle) => Promise<Uint8Array>;
  /** The engine for a layer choice; asked for only once the picture is known to fit. */
  engine: (layers: LayerChoice) => Promise<StyleEngine>;
}

/** The style photo as interleaved 8-bit sRGB, decoded straight to at most `side` px (shrink-on-load). */
function readStyle(vips: VipsModule, bytes: Uint8Array, side: number): { rgb: Uint8Array; width: number; height: number } {
  let header: VipsImage;
  try {
    header = vips.Image.newFromBuffer(bytes, "", { access: vips.Access.sequential, fail_on: "truncated" });
  } catch {
    throw new ConversionError("undecodable", "The style photo cannot be read: it is not an image this app decodes, or it is damaged.");
  }
  if (header.width * header.height > STYLE_MAX_PIXELS) throw new ConversionError("too-many-pixels", `The style photo has ${header.width}×${header.height} pixels; at most ${STYLE_MAX_PIXELS / 1e6} million are read.`);
  try {
    // A damaged file fails rather than decoding grey where its data stops (thumbnail takes loader options only so).
    let image = vips.Image.thumbnailBuffer(bytes, side, { height: side, size: "down", option_string: "fail_on=truncated" });
    // Decoded here, inside the try: a lazy image would fail later, outside it.
    image = image.copyMemory();
    if (image.hasAlpha()) image = image.flatten({ background: [255] });
    image = image.colourspace("srgb");
    if (image.bands > 3) image = image.extractBand(0, { n: 3 });
    return { rgb: new Uint8Array(image.writeToMemory().buffer), width: image.width, height: image.height };
  } catch {
    throw new ConversionError("undecodable", "The style photo cannot be decoded: it may be truncated or damaged.");
  }
}

export async function styleImage(vips: VipsModule, image: VipsImage, params: StyleParams, sources: StyleSources, context: HeavyContext): Promise<VipsImage> {
  const uploaded = context.attachments?.style;
  if (params.style === UPLOADED_STYLE && !uploaded) throw new ConversionError("invalid-params", `Style "${UPLOADED_STYLE}" needs a style photo sent with the job (the multipart field "style").`);
  const working = workingImage(vips, image, params.maxSize, (size) => cost.refuse!(size, params));
  const { width, height } = working.planar;
  const styleBytes = params.style === UPLOADED_STYLE ? uploaded! : await sources.shipped(params.style);
  const style = readStyle(vips, styleBytes, Math.max(width, height));
  const layers = { content: params.contentLayer, style: params.styleLayers };
  const options = transferOptions(params);
  const engine = await sources.engine(layers);
  const result = await transfer(working.planar, fromRgb8(style.rgb, style.width, style.height), options, { engine, signal: context.signal, onProgress: context.onProgress });
  return working.finish(result);
}

/** The optimiser's options for the params (shared with the quality set, bench/style-pairs.ts). */
export function transferOptions(params: StyleParams): TransferOptions {
  return {
    strength: params.strength * STRENGTH_SCALE,
    iterations: params.steps,
    scales: params.scales,
    smoothness: params.smoothness,
    seed: params.seed,
    colours: params.colours,
    // Weights follow styleLayers' order; the graph reads the layers in the trunk's order.
    ...(params.styleLayerWeights.length > 0 && { styleLayerWeights: orderedWeights(params) }),
    learningRate: LEARNING_RATE,
    minSide: MIN_SIDE,
  };
}

/** The weights in the trunk's layer order, as style-model.ts' chosenLayers sorts the layers. */
function orderedWeights(params: StyleParams): number[] {
  const byLayer = new Map(params.styleLayers.map((l, i) => [l, params.styleLayerWeights[i]!]));
  return [...params.styleLayers].sort((a, b) => LAYER_ORDER.indexOf(a) - LAYER_ORDER.indexOf(b)).map((l) => byLayer.get(l)!);
}
