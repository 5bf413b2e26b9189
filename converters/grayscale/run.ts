import type { PixelRun } from "../types";

// libvips converts via linear light (scRGB), so mid-tones keep their perceived brightness.
export const run: PixelRun<unknown> = (_vips, image) => image.colourspace("b-w");
