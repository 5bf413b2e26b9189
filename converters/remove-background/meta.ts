import { z } from "zod";
import { defineMeta } from "../types";

/** "transparent", a colour "#rrggbb", or "blur": what replaces the background. */
const background = z
  .union([z.enum(["transparent", "blur"]), z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour as #rrggbb")])
  .default("transparent")
  .meta({ title: "Background" });

/** One touch-up stroke: a brush path in the step's input, in coordinates from 0 to 1. */
const stroke = z.object({
  mode: z.enum(["keep", "erase"]),
  /** The brush's diameter as a share of the photo's longer side. */
  size: z.number().min(0.001).max(0.25),
  /** The brush's path; the editor keeps a point per half brush width moved. */
  points: z
    .array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]))
    .min(1)
    .max(500),
});

export type Stroke = z.output<typeof stroke>;

export const meta = defineMeta({
  id: "remove-background",
  name: "Remove background",
  description:
    "Finds the subject with U²-Net, a neural network trained to pick out the main object, and removes what is behind it (or puts a colour or a blur there). The edges follow the photo at full size. Runs on the server, or on this device offline.",
  runsOn: "server",
  onDevice: true,
  sequential: false,
  overlay: "touch-up",
  params: z.object({
    background,
    blurSigma: z.number().min(1).max(100).default(12).meta({ title: "Background blur (σ)" }),
    edges: z.enum(["refined", "soft"]).default("refined").meta({ title: "Edges" }),
    strokes: z.array(stroke).max(100).default([]).meta({ title: "Touch-up strokes" }),
  }),
  pixelParams: ["blurSigma"],
});
