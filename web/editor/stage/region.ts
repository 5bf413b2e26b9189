// Which part of the original a result shows, so the compare can lay the original's same part
// under it: after a crop, the two halves of the divider then meet on the same detail instead of
// the crop sitting centred over the whole photo.
import { descriptions } from "../../../converters/descriptions.generated";
import type { Step } from "../../../converters/engine/pipeline";

/** A rectangle of the original, in fractions of its width and height. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WHOLE: Region = { x: 0, y: 0, width: 1, height: 1 };
const byId = new Map(descriptions.map((d) => [d.id, d]));

/**
 * The region of the original the steps' result shows, or null when a step turns the picture
 * by other than a half turn (then no rectangle of the original lines up with it). How a step
 * moves the frame is its meta's `frame`: mirrors keep the region and mirror the crops after them;
 * a step that declares none keeps the frame or scales it whole.
 */
export function shownRegion(steps: readonly Step[]): Region | null {
  let region = WHOLE;
  let flipX = false;
  let flipY = false;
  for (const { converter, params = {} } of steps) {
    const described = byId.get(converter);
    const frame = described?.frame;
    if (frame === "mirror-x") flipX = !flipX;
    else if (frame === "mirror-y") flipY = !flipY;
    else if (typeof frame === "object") {
      const turn = ((Number(params[frame.turnBy] ?? described!.defaults[frame.turnBy]) % 360) + 360) % 360;
      if (turn === 180) [flipX, flipY] = [!flipX, !flipY];
      else if (turn !== 0) return null;
    } else if (frame === "crop-box") {
      const p = { ...described!.defaults, ...params } as { left: number; top: number; width: number; height: number };
      // As a crop-box step clamps it (crop/run.ts): never past the edge.
      const left = Math.min(1, p.left / 100);
      const top = Math.min(1, p.top / 100);
      const width = Math.min(1 - left, p.width / 100);
      const height = Math.min(1 - top, p.height / 100);
      // Percent of the picture as it stands: mirrored if a flip came first.
      const x = flipX ? 1 - left - width : left;
      const y = flipY ? 1 - top - height : top;
      region = { x: region.x + x * region.width, y: region.y + y * region.height, width: width * region.width, height: height * region.height };
    }
  }
  return region;
}
