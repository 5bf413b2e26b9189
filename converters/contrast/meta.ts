import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "contrast",
  name: "Contrast",
  description: "Scale values away from (above 1) or towards (below 1) mid-grey, as CSS contrast() does.",
  runsOn: "client",
  sequential: true,
  // A new step in the editor changes nothing until a control moves.
  initial: { amount: 1 },
  params: z.object({
    amount: z.number().min(0).max(4).default(1.25).meta({ title: "Amount" }),
  }),
});
