import { onColour } from "../ops";
import type { ParamsOf, PixelRun } from "../types";
import type { meta } from "./meta";

/** The lowest and highest values left after clipping `clip` percent of pixels at each end. */
function range(histogram: ArrayLike<number>, bands: number, band: number, clip: number): [number, number] {
  let total = 0;
  for (let v = 0; v < 256; v++) total += histogram[v * bands + band]!;
  const cut = (total * clip) / 100;
  let lo = 0;
  for (let seen = 0; lo < 255 && seen + histogram[lo * bands + band]! <= cut; lo++) seen += histogram[lo * bands + band]!;
  let hi = 255;
  for (let seen = 0; hi > 0 && seen + histogram[hi * bands + band]! <= cut; hi--) seen += histogram[hi * bands + band]!;
  return [lo, hi];
}

export const run: PixelRun<ParamsOf<typeof meta>> = (_vips, image, { clip }) =>
  onColour(image, (colour) => {
    // One histogram pass gives every band's distribution.
    const histogram = colour.histFind().cast("uint").writeToMemory() as Uint32Array;
    const a: number[] = [];
    const b: number[] = [];
    for (let band = 0; band < colour.bands; band++) {
      const [lo, hi] = range(histogram, colour.bands, band, clip);
      // A flat channel has nothing to stretch; leave it as it is.
      const scale = hi > lo ? 255 / (hi - lo) : 1;
      a.push(scale);
      b.push(hi > lo ? -lo * scale : 0);
    }
    return colour.linear(a, b, { uchar: true });
  });
