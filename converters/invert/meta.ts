import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "invert",
  name: "Invert",
  description: "A photographic negative; transparency is kept.",
  runsOn: "client",
  sequential: true,
  params: z.object({}),
});
