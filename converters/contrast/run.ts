import { onColour } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, { amount }) =>
  onColour(image, (c) => c.linear(amount, 127.5 * (1 - amount), { uchar: true }));
