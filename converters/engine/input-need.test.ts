import { describe, expect, test } from "vitest";
import { neededInput, planUpload } from "./input-need";
import { type PlannedStep, planSteps } from "./plan";
import { findMeta } from "../registry";
import type { Size } from "../types";

/** A step as the pipeline plans it: params parsed with their defaults, heavy ones marked. */
const step = (converter: string, params: Record<string, unknown> = {}): PlannedStep => {
  const meta = findMeta(converter)!;
  return { converter, params: meta.params.parse(params) as Record<string, unknown>, heavy: meta.runsOn === "server" };
};
const output = (steps: PlannedStep[], input: Size) => planSteps(steps, input, { maxOutputPixels: 1e12 }).output;
const photo = { width: 6000, height: 4000 };

describe("what size of photo a chain needs", () => {
  test("DeepDream works from its longest side: a 24 MP photo is needed at 1024 px, and gives the same result", () => {
    const chain = [step("deepdream")];
    const need = neededInput(chain, photo);
    expect(need.size).toEqual({ width: 1024, height: 683 });
    expect(need.scaledBefore).toBe(0);
    expect(output(chain, need.size)).toEqual(output(chain, photo));
    // Portrait, and another longest side.
    expect(neededInput([step("deepdream", { maxSize: 512 })], { width: 3000, height: 4000 }).size).toEqual({ width: 384, height: 512 });
  });

  test("steps before the bound follow the shrink: pixel steps, a crop in percent, a resize in percent", () => {
    for (const before of [[step("grayscale"), step("gaussian-blur")], [step("crop", { left: 10, top: 5, width: 70, height: 60 })], [step("resize", { percent: 50 })], [step("rotate", { angle: 90 })]]) {
      const chain = [...before, step("deepdream"), step("sharpen")];
      const need = neededInput(chain, photo);
      expect(need.scale).toBeLessThan(0.5);
      expect(need.scaledBefore).toBe(before.length);
      const [full, small] = [output(chain, photo), output(chain, need.size)];
      expect(Math.abs(full.width - small.width) + Math.abs(full.height - small.height)).toBeLessThanOrEqual(1);
    }
  });

  test("a resize to a width in pixels needs no more than that width", () => {
    const chain = [step("resize", { width: 1500 }), step("upscale", { scale: 2 })];
    expect(neededInput(chain, photo)).toMatchObject({ size: { width: 1500, height: 1000 }, scaledBefore: 0 });
  });

  test("every pixel counts: a chain with no bound, a heavy step before it, a resize that enlarges, a photo already small", () => {
    const whole = (chain: PlannedStep[], input = photo) => neededInput(chain, input).scale;
    expect(whole([step("sharpen"), step("upscale")])).toBe(1);
    // The upscale's detail follows its input's pixels: a smaller photo would be a different result.
    expect(whole([step("upscale"), step("deepdream")], { width: 3000, height: 2000 })).toBe(1);
    // A fixed width does not follow a shrink: the dream would see the same size either way, but blurrier.
    expect(whole([step("resize", { width: 8000 }), step("deepdream")])).toBe(1);
    expect(whole([step("deepdream")], { width: 1000, height: 800 })).toBe(1);
    expect(whole([step("resize", { percent: 50 })])).toBe(1);
  });
});

describe("what is uploaded", () => {
  const limits = { maxUploadBytes: 5 * 1024 * 1024, maxPixels: 40_000_000 };

  test("shrunk to what the chain needs, re-encoded; a photo that fits and is needed whole goes as it is", () => {
    expect(planUpload([step("deepdream")], photo, 7_300_000, limits)).toMatchObject({ size: { width: 1024, height: 683 }, reason: "chain", reencode: true });
    expect(planUpload([step("sharpen")], photo, 3_000_000, limits)).toMatchObject({ size: photo, reencode: false });
    // Too many bytes but every pixel needed: the same size, encoded smaller.
    expect(planUpload([step("sharpen")], photo, 7_300_000, limits)).toMatchObject({ size: photo, reencode: true });
    // A dream that uses nearly all of the photo: not worth a re-encode.
    expect(planUpload([step("deepdream", { maxSize: 1000 })], { width: 1050, height: 700 }, 400_000, limits)).toMatchObject({ size: { width: 1050, height: 700 }, reencode: false });
  });

  test("more pixels than the server takes: shrunk to its limit, every step at the smaller size", () => {
    const plan = planUpload([step("sharpen")], { width: 9000, height: 6000 }, 4_000_000, limits);
    expect(plan.reason).toBe("pixels");
    expect(plan.scaledBefore).toBe(1);
    expect(plan.size.width * plan.size.height).toBeLessThanOrEqual(limits.maxPixels);
    expect(plan.size.width * plan.size.height).toBeGreaterThan(0.99 * limits.maxPixels);
  });
});
