import { z } from "zod";
import { defineMeta } from "../types";
import { LAYER_NAMES } from "./layers";
import { SHIPPED_STYLE_NAMES, styleFileName, UPLOADED_STYLE } from "./styles";

export { LAYER_NAMES, type StyleTransferLayer } from "./layers";

export const meta = defineMeta({
  id: "style-transfer",
  name: "Style transfer",
  description:
    "Paints the photo in the style of another (Gatys et al.): the picture is changed step by step until InceptionV3 sees the style's textures and colours in it while its shapes stay the photo's. Choose a style that ships with the app, or upload your own. Runs on the server (a 512 px picture takes about 20 seconds), or on this device at up to 512 px.",
  runsOn: "server",
  onDevice: true,
  deviceMaxSide: 512,
  sequential: false,
  attachment: { field: "style", param: "style", value: UPLOADED_STYLE, title: "Style photo", shipped: Object.fromEntries(SHIPPED_STYLE_NAMES.map((s) => [s, styleFileName(s)])) },
  params: z
    .object({
      style: z
        .enum([...SHIPPED_STYLE_NAMES, UPLOADED_STYLE])
        .default(SHIPPED_STYLE_NAMES[0])
        .meta({ title: "Style", description: `A style that ships with the app, or "${UPLOADED_STYLE}": the job's \`style\` file` }),
      strength: z.number().min(0.1).max(10).default(1).meta({ title: "Style strength", description: "The style's weight against the content's" }),
      steps: z.int().min(1).max(200).default(30).meta({ title: "Steps per scale" }),
      scales: z.int().min(1).max(4).default(3).meta({ title: "Scales", description: "Coarse to fine, each twice the last's size" }),
      smoothness: z.number().min(0).max(20).default(2).meta({ title: "Smoothness", description: "Total variation's weight" }),
      colours: z.enum(["style", "content"]).default("style").meta({ title: "Colours from" }),
      maxSize: z.int().min(75).max(1024).default(512).meta({ title: "Longest side (px)" }),
      seed: z.int().min(0).max(9999).default(0).meta({ title: "Seed" }),
      contentLayer: z.enum(LAYER_NAMES).default("mixed3").meta({ title: "Content layer" }),
      styleLayers: z
        .array(z.enum(LAYER_NAMES))
        .min(1)
        .max(LAYER_NAMES.length)
        .refine((l) => new Set(l).size === l.length, "each layer once")
        .default(["stem1", "stem3", "stem5", "mixed0", "mixed1", "mixed2"])
        .meta({ title: "Style layers" }),
      styleLayerWeights: z
        .array(z.number().min(0).max(100))
        .max(LAYER_NAMES.length)
        .default([])
        .meta({ title: "Style layer weights", description: "Each style layer's weight, in the order of styleLayers; empty: equal" }),
    })
    .refine((p) => p.styleLayerWeights.length === 0 || p.styleLayerWeights.length === p.styleLayers.length, {
      message: "styleLayerWeights needs one weight per style layer, or none",
      path: ["styleLayerWeights"],
    }),
});
