import { expect, test } from "vitest";
import { at, convert, noise } from "../testing";

test("flip horizontal mirrors every row", async () => {
  const input = noise(5, 3, 3);
  const out = await convert("flip-horizontal", input);
  expect([out.width, out.height]).toEqual([5, 3]);
  for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) expect(at(out, x, y)).toEqual(at(input, 4 - x, y));
});
