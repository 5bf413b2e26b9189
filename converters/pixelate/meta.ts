import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "pixelate",
  name: "Pixelate",
  description: "Replace each block with its average colour.",
  runsOn: "client",
  sequential: true,
  pixelParams: ["size"],
  params: z.object({
    size: z.int().min(2).max(512).default(16).meta({ title: "Block size (px)" }),
  }),
});
