import { expect, test } from "vitest";
import { convert } from "../testing";

test("posterize to 2 levels rounds each channel to 0 or 255; 3 levels adds 127.5", async () => {
  const input = { width: 4, height: 1, bands: 3, data: [0, 10, 127, 128, 200, 255, 63, 64, 191, 192, 100, 150] };
  expect((await convert("posterize", input, { levels: 2 })).data).toEqual([0, 0, 0, 255, 255, 255, 0, 0, 255, 255, 0, 255]);
  expect((await convert("posterize", input, { levels: 3 })).data).toEqual([0, 0, 128, 128, 255, 255, 0, 128, 128, 255, 128, 128]);
});
