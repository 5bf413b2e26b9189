import { z } from "zod";
import { defineMeta } from "../types";

const percent = (title: string, value: number) => z.number().min(0).max(100).default(value).meta({ title });

export const meta = defineMeta({
  id: "crop",
  name: "Crop",
  description: "Keep a rectangle, given in percent of the image so it fits any size.",
  runsOn: "client",
  sequential: true,
  params: z.object({
    left: percent("Left (%)", 10),
    top: percent("Top (%)", 10),
    width: percent("Width (%)", 80),
    height: percent("Height (%)", 80),
  }),
});
