import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "hue",
  name: "Hue",
  description: "Rotate hues around the colour wheel (CSS hue-rotate()).",
  runsOn: "client",
  sequential: true,
  // A new step in the editor changes nothing until a control moves.
  initial: { degrees: 0 },
  params: z.object({
    degrees: z.number().min(-180).max(180).default(90).meta({ title: "Degrees" }),
  }),
});
