import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "sepia",
  name: "Sepia",
  description: "Old-photo brown tones (CSS sepia()).",
  runsOn: "client",
  sequential: true,
  params: z.object({
    amount: z.number().min(0).max(1).default(1).meta({ title: "Amount" }),
  }),
});
