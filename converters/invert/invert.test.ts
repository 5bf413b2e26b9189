import { expect, test } from "vitest";
import { convert, mapPixels, noise } from "../testing";

test("invert is 255 − v on colour, alpha untouched", async () => {
  const input = noise(5, 3, 4);
  const out = await convert("invert", input);
  expect(out.data).toEqual(mapPixels(input, 4, ([r, g, b, a]) => [255 - r!, 255 - g!, 255 - b!, a!]).data);
});

test("invert works on a grey image", async () => {
  const out = await convert("invert", { width: 2, height: 1, bands: 1, data: [0, 200] });
  expect(out.data).toEqual([255, 55]);
});
