import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "upscale",
  name: "AI upscale",
  description:
    "Enlarges the photo 2× or 4× with ESRGAN, a neural network trained to restore detail, sharper than resampling. Runs on the server, or on this device for photos up to 768 px on the long side.",
  runsOn: "server",
  onDevice: true,
  deviceMaxSide: 768,
  sequential: false,
  params: z.object({
    scale: z.int().min(2).max(4).multipleOf(2).default(2).meta({ title: "Scale (×)" }),
  }),
});
