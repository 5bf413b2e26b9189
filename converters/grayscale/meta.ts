import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "grayscale",
  name: "Grayscale",
  description: "Luminance only, weighted as sRGB/Rec. 709 in linear light.",
  runsOn: "client",
  sequential: true,
  params: z.object({}),
});
