import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "gamma",
  name: "Gamma",
  description: "out = 255·(in/255)^(1/gamma): above 1 lifts the shadows, below 1 deepens them.",
  runsOn: "client",
  sequential: true,
  // A new step in the editor changes nothing until a control moves.
  initial: { gamma: 1 },
  params: z.object({
    gamma: z.number().min(0.1).max(10).default(1.8).meta({ title: "Gamma" }),
  }),
});
