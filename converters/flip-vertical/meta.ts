import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "flip-vertical",
  name: "Flip vertical",
  description: "Mirror top to bottom.",
  runsOn: "client",
  // The last row comes out first, so the whole image must be decoded before any output.
  sequential: false,
  frame: "mirror-y",
  params: z.object({}),
});
