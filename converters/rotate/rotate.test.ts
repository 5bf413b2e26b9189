import { expect, test } from "vitest";
import { at, convert, noise } from "../testing";

test("rotate 90 turns clockwise: the bottom-left pixel goes to the top-left", async () => {
  const input = noise(3, 2, 3);
  const out = await convert("rotate", input, { angle: 90 });
  expect([out.width, out.height]).toEqual([2, 3]);
  // Clockwise: out(x, y) = in(y, H − 1 − x).
  for (let y = 0; y < 3; y++) for (let x = 0; x < 2; x++) expect(at(out, x, y)).toEqual(at(input, y, 1 - x));
});

test("rotate -90 equals rotate 270, and 360 is the identity", async () => {
  const input = noise(3, 2, 3);
  expect(await convert("rotate", input, { angle: -90 })).toEqual(await convert("rotate", input, { angle: 270 }));
  expect(await convert("rotate", input, { angle: 360 })).toEqual(input);
});

test("rotate 45 enlarges the canvas and makes the corners transparent", async () => {
  const input = { width: 10, height: 10, bands: 3, data: new Array(300).fill(200) };
  const out = await convert("rotate", input, { angle: 45 });
  expect(out.bands).toBe(4);
  expect(out.width).toBeGreaterThanOrEqual(14);
  expect(at(out, 0, 0)[3]).toBe(0);
  const centre = at(out, Math.floor(out.width / 2), Math.floor(out.height / 2));
  expect(centre).toEqual([200, 200, 200, 255]);
});

test("rotate rejects angles outside ±360", async () => {
  await expect(convert("rotate", noise(2, 2, 3), { angle: 400 })).rejects.toThrow(/Rotate/);
});
