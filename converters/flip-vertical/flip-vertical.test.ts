import { expect, test } from "vitest";
import { at, convert, noise } from "../testing";

test("flip vertical mirrors every column", async () => {
  const input = noise(4, 5, 4);
  const out = await convert("flip-vertical", input);
  for (let y = 0; y < 5; y++) for (let x = 0; x < 4; x++) expect(at(out, x, y)).toEqual(at(input, x, 4 - y));
});
