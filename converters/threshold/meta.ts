import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "threshold",
  name: "Threshold",
  description: "Black and white: luminance at or above the level becomes white, the rest black.",
  runsOn: "client",
  sequential: true,
  params: z.object({
    level: z.int().min(0).max(255).default(128).meta({ title: "Level" }),
  }),
});
