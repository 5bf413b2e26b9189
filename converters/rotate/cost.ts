import type { CostOf } from "../types";
import type { meta } from "./meta";

export const cost: CostOf<typeof meta> = {
  // run.ts gives the picture an alpha band for the uncovered corners.
  addsAlpha: ({ angle }) => ((angle % 90) + 90) % 90 !== 0,
  // Any angle but a right one enlarges the canvas to hold the turned picture.
  outputSize: ({ width, height }, { angle }) => {
    const radians = (angle * Math.PI) / 180;
    const [cos, sin] = [Math.abs(Math.cos(radians)), Math.abs(Math.sin(radians))];
    // Right angles give exact sides, not 1e-16 off.
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    return { width: round(width * cos + height * sin), height: round(width * sin + height * cos) };
  },
};
