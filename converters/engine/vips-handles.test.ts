import { readFileSync } from "node:fs";
import { join } from "node:path";
import Vips from "wasm-vips";
import { expect, test } from "vitest";
import { runPipeline } from "./pipeline";
import { pendingHandles, queueHandles, withHandles } from "./vips-handles";

const coffee = new Uint8Array(readFileSync(join(import.meta.dirname, "..", "..", "test", "fixtures", "coffee.png")));

// A module of its own: queueing must be switched on before the module's first image.
const vips = queueHandles(await Vips());

test("every image a task makes is freed when the task ends, and its bytes survive", async () => {
  let made: { isDeleted(): boolean }[] = [];
  const out = await withHandles(vips, () => {
    const image = vips.Image.newFromBuffer(coffee);
    const grey = image.colourspace("b-w");
    made = [image, grey];
    expect(pendingHandles(vips)).toBeGreaterThanOrEqual(2);
    return grey.writeToBuffer(".png");
  });
  expect(made.map((h) => h.isDeleted())).toEqual([true, true]);
  expect(pendingHandles(vips)).toBe(0);
  const size = await withHandles(vips, () => {
    const back = vips.Image.newFromBuffer(out);
    return [back.width, back.height];
  });
  expect(size).toEqual([600, 400]);
});

test("a failing task frees its images too", async () => {
  await expect(
    withHandles(vips, () => {
      vips.Image.newFromBuffer(coffee).invert();
      throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
  expect(pendingHandles(vips)).toBe(0);
});

test("a whole pipeline leaves nothing behind", async () => {
  for (let i = 0; i < 3; i++) {
    const out = await withHandles(vips, () => runPipeline(vips, coffee, { steps: [{ converter: "grayscale" }, { converter: "sharpen" }] }));
    expect(out.data.length).toBeGreaterThan(1000);
    expect(pendingHandles(vips)).toBe(0);
  }
});
