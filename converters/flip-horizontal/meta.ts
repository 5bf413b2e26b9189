import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "flip-horizontal",
  name: "Flip horizontal",
  description: "Mirror left to right.",
  runsOn: "client",
  sequential: true,
  frame: "mirror-x",
  params: z.object({}),
});
