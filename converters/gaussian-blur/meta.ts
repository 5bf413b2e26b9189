import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "gaussian-blur",
  name: "Gaussian blur",
  description: "Blur with a Gaussian of the given standard deviation, in pixels.",
  runsOn: "client",
  sequential: true,
  rereads: "neighbourhood",
  pixelParams: ["sigma"],
  params: z.object({
    sigma: z.number().min(0.3).max(100).default(2).meta({ title: "Radius (sigma, px)" }),
  }),
});
