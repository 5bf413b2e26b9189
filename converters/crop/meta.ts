import { z } from "zod";
import { defineMeta } from "../types";

const percent = (title: string, value: number) => z.number().min(0).max(100).default(value).meta({ title });

export const meta = defineMeta({
  id: "crop",
  name: "Crop",
  description: "Keep a rectangle, given in percent of the image so it fits any size.",
  runsOn: "client",
  sequential: true,
  overlay: "crop-box",
  frame: "crop-box",
  // A new step in the editor changes nothing until a control moves.
  initial: { left: 0, top: 0, width: 100, height: 100 },
  params: z.object({
    left: percent("Left (%)", 10),
    top: percent("Top (%)", 10),
    width: percent("Width (%)", 80),
    height: percent("Height (%)", 80),
  }),
});
