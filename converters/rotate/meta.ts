import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "rotate",
  name: "Rotate",
  description: "Rotate clockwise. Right angles are lossless; other angles enlarge the canvas and leave transparent corners.",
  runsOn: "client",
  sequential: false,
  rereads: "neighbourhood",
  frame: { turnBy: "angle" },
  params: z.object({
    angle: z.number().min(-360).max(360).default(90).meta({ title: "Angle (degrees)" }),
  }),
});
