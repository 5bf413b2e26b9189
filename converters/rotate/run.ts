import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

const RIGHT_ANGLES = { 90: "d90", 180: "d180", 270: "d270" } as const;

export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, { angle }) => {
  const normalised = ((angle % 360) + 360) % 360;
  if (normalised === 0) return image;
  if (normalised in RIGHT_ANGLES) return image.rot(RIGHT_ANGLES[normalised as keyof typeof RIGHT_ANGLES]);
  // Give the image an alpha band first, so the uncovered corners are transparent, not black.
  const withAlpha = image.hasAlpha() ? image : image.bandjoin(255);
  return withAlpha.rotate(normalised, { background: [0] }).cast("uchar");
};
