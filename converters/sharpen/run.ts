import { onColour } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

// out = in + amount·(in − blur(in)), folded into one linear op per term.
export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, { sigma, amount }) =>
  onColour(image, (c) => {
    const blurred = c.gaussblur(sigma, { precision: "float" });
    return c.linear(1 + amount, 0).subtract(blurred.linear(amount, 0)).cast("uchar");
  });
