import { onColour } from "../ops";
import type { PixelRun } from "../types";

export const run: PixelRun<unknown> = (_vips, image) => onColour(image, (c) => c.invert());
