import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "auto-levels",
  name: "Auto levels",
  description: "Stretch each channel so its darkest and lightest values (ignoring a clip percentage) span 0–255.",
  runsOn: "client",
  // The histogram needs a full pass before the first output pixel.
  sequential: false,
  rereads: "whole",
  params: z.object({
    clip: z.number().min(0).max(10).default(0.5).meta({ title: "Clip (%)" }),
  }),
});
