import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "sharpen",
  name: "Sharpen",
  description: "Unsharp mask: add back the difference between the image and its Gaussian blur.",
  runsOn: "client",
  sequential: true,
  rereads: "neighbourhood",
  pixelParams: ["sigma"],
  params: z.object({
    sigma: z.number().min(0.3).max(20).default(1.5).meta({ title: "Radius (sigma, px)" }),
    amount: z.number().min(0).max(5).default(1).meta({ title: "Amount" }),
  }),
});
