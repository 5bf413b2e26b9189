import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "saturation",
  name: "Saturation",
  description: "0 is grey, 1 leaves the image as it is, above 1 boosts colour (CSS saturate()).",
  runsOn: "client",
  sequential: true,
  // A new step in the editor changes nothing until a control moves.
  initial: { amount: 1 },
  params: z.object({
    amount: z.number().min(0).max(4).default(1.5).meta({ title: "Amount" }),
  }),
});
