import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "brightness",
  name: "Brightness",
  description: "Multiply every colour value, as CSS brightness() does.",
  runsOn: "client",
  sequential: true,
  // A new step in the editor changes nothing until a control moves.
  initial: { amount: 1 },
  params: z.object({
    amount: z.number().min(0).max(4).default(1.2).meta({ title: "Amount" }),
  }),
});
