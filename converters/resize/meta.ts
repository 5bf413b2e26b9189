import { z } from "zod";
import { defineMeta } from "../types";

export const meta = defineMeta({
  id: "resize",
  name: "Resize",
  description:
    "Lanczos-3 resampling. Give a width or a height (0 keeps the aspect ratio from the other), both to fit inside that box, or neither to scale by percent.",
  runsOn: "client",
  sequential: true,
  pixelParams: ["width", "height"],
  shrinksOnLoad: true,
  aspectPair: ["width", "height"],
  // Along the long side only, so the rounding of the other follows the aspect.
  scaleTo: (size) => (size.width >= size.height ? { width: size.width, height: 0 } : { width: 0, height: size.height }),
  // A new step in the editor changes nothing until a control moves.
  initial: { percent: 100, width: 0, height: 0 },
  params: z.object({
    percent: z.number().min(1).max(800).default(50).meta({ title: "Scale (%)" }),
    width: z.int().min(0).max(16384).default(0).meta({ title: "Width (px, 0 = auto)" }),
    height: z.int().min(0).max(16384).default(0).meta({ title: "Height (px, 0 = auto)" }),
  }),
});
