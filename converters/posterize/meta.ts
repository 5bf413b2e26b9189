import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "posterize",
  name: "Posterize",
  description: "Reduce each channel to a few evenly spaced levels.",
  runsOn: "client",
  sequential: true,
  params: z.object({
    levels: z.int().min(2).max(64).default(4).meta({ title: "Levels per channel" }),
  }),
});
