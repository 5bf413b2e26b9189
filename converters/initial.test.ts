// The editor's values for a new step leave the photo as it is: adding Brightness, Crop or Resize
// changes nothing until the user moves a control. The API's defaults are not these.
import { expect, test } from "vitest";
import { describeAll, metas } from "./registry";
import { convert, maxDiff, noise } from "./testing";
import type { ConverterMeta } from "./types";

const withInitial = (metas as readonly ConverterMeta[]).filter((m) => m.initial);

test("the adjustments start neutral in the editor: Brightness, Contrast, Hue, Saturation, Gamma, Resize, Crop", () => {
  expect(withInitial.map((m) => m.id).sort()).toEqual(["brightness", "contrast", "crop", "gamma", "hue", "resize", "saturation"]);
});

test.each(withInitial.map((m) => [m.id, m] as const))("%s with its initial values gives the photo back, pixel for pixel", async (id, meta) => {
  const params = meta.params.parse({ ...meta.initial });
  const input = noise(23, 17, 3, 7);
  const out = await convert(id, input, params);
  expect([out.width, out.height, out.bands]).toEqual([input.width, input.height, input.bands]);
  // Colour matrices round through float: one level at most.
  expect(maxDiff(out.data, input.data)).toBeLessThanOrEqual(1);
});

test("the API's list keeps its own defaults and does not carry the editor's initial values", () => {
  for (const d of describeAll()) {
    expect(d).not.toHaveProperty("initial");
    const meta = withInitial.find((m) => m.id === d.id);
    if (meta) expect(d.defaults).not.toEqual({ ...d.defaults, ...meta.initial });
  }
});
