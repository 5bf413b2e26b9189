import type { PixelRun } from "../types";

export const run: PixelRun<unknown> = (_vips, image) => image.flip("vertical");
