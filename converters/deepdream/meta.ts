import { z } from "zod";
import { defineMeta } from "../types";

import { DREAM_LAYERS } from "./layers";

export { DREAM_LAYERS, type DreamLayer } from "./layers";

export const meta = defineMeta({
  id: "deepdream",
  name: "DeepDream",
  description:
    "Gradient ascent on the photo to amplify what a trained InceptionV3 sees in it: eyes, spirals and fur. Lower layers paint textures, higher ones shapes. Runs on the server (a 1024 px dream takes about 15 seconds), or on this device at up to 512 px.",
  runsOn: "server",
  onDevice: true,
  deviceMaxSide: 512,
  sequential: false,
  params: z.object({
    layers: z
      .array(z.enum(DREAM_LAYERS))
      .min(1)
      .max(DREAM_LAYERS.length)
      .refine((l) => new Set(l).size === l.length, "each layer once")
      .default(["mixed3", "mixed5"])
      .meta({ title: "Layers" }),
    octaves: z.int().min(1).max(6).default(3).meta({ title: "Octaves" }),
    octaveScale: z.number().min(1.1).max(2).default(1.4).meta({ title: "Octave scale" }),
    steps: z.int().min(1).max(50).default(10).meta({ title: "Steps per octave" }),
    stepSize: z.number().min(0.001).max(0.1).default(0.02).meta({ title: "Step size" }),
    jitter: z.int().min(0).max(128).default(32).meta({ title: "Jitter (px)" }),
    maxSize: z.int().min(75).max(4096).default(1024).meta({ title: "Longest side (px)" }),
    seed: z.int().min(0).max(9999).default(0).meta({ title: "Seed" }),
  }),
});
