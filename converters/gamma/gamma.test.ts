import { expect, test } from "vitest";
import { convert, maxDiff, noise } from "../testing";

test("gamma maps v to 255·(v/255)^(1/γ)", async () => {
  const input = noise(5, 4, 3);
  for (const gamma of [0.5, 2.2]) {
    const out = await convert("gamma", input, { gamma });
    expect(maxDiff(out.data, input.data.map((v) => 255 * (v / 255) ** (1 / gamma)))).toBeLessThanOrEqual(0.5);
  }
});
