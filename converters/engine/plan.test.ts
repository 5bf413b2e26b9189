import { expect, test } from "vitest";
import { meta as deepdream } from "../deepdream/meta";
import { deadlineSeconds, planSteps } from "./plan";

const limits = { maxOutputPixels: 40_000_000 };
const dream = (params: object) => ({ converter: "deepdream", params: deepdream.params.parse(params) as Record<string, unknown> });

test("output sizes follow the steps: resize, rotate, crop, and ops that keep the size", () => {
  const size = { width: 600, height: 400 };
  expect(planSteps([{ converter: "resize", params: { percent: 50, width: 0, height: 0 } }], size, limits).output).toEqual({ width: 300, height: 200 });
  expect(planSteps([{ converter: "rotate", params: { angle: 90 } }], size, limits).output).toEqual({ width: 400, height: 600 });
  expect(planSteps([{ converter: "rotate", params: { angle: 45 } }], size, limits).output).toEqual({ width: 707, height: 707 });
  const chain = [{ converter: "crop", params: { left: 10, top: 10, width: 50, height: 50 } }, { converter: "grayscale", params: {} }];
  expect(planSteps(chain, size, limits).output).toEqual({ width: 300, height: 200 });
});

test("too large, overflowing, thinner than a pixel, or too wide for the format: refused with words", () => {
  const resize = (p: object) => [{ converter: "resize", params: { percent: 50, width: 0, height: 0, ...p } }];
  expect(() => planSteps(resize({ width: 16384 }), { width: 64, height: 48 }, limits)).toThrow(/16384×12288 \(201 megapixels\)/);
  expect(() => planSteps(resize({ width: 16384 }), { width: 1, height: 1e7 }, limits)).toThrow(/the limit is 40 megapixels/);
  expect(() => planSteps(resize({ width: 2 ** 40 }), { width: 1, height: 2 ** 40 }, limits)).toThrow(/larger than any image can be/);
  expect(() => planSteps(resize({ width: 100 }), { width: 4000, height: 1 }, limits)).toThrow(/thinner than one pixel/);
  expect(() => planSteps(resize({ percent: 500 }), { width: 4000, height: 10 }, { ...limits, format: "webp" })).toThrow(/WEBP holds at most 16383/);
  expect(planSteps(resize({ percent: 500 }), { width: 4000, height: 10 }, { ...limits, format: "png" }).output).toEqual({ width: 20000, height: 50 });
});

test("DeepDream's cost grows with pixels, steps and octaves, and a refusal names settings that fit", () => {
  const photo = { width: 8000, height: 5000 };
  const base = planSteps([dream({})], photo, limits).seconds;
  // The README's figure: a 1024 px dream, 3 octaves × 10 steps, about 15 s.
  expect(base).toBeGreaterThan(12);
  expect(base).toBeLessThan(25);
  expect(planSteps([dream({ steps: 20 })], photo, limits).seconds).toBeGreaterThan(1.8 * (base - 3));
  expect(planSteps([dream({ maxSize: 2048 })], photo, limits).seconds).toBeGreaterThan(3.5 * (base - 3));
  expect(planSteps([dream({ octaves: 1 })], photo, limits).seconds).toBeLessThan(base);
  const huge = dream({ maxSize: 4096, steps: 50, octaves: 6 });
  let message = "";
  try {
    planSteps([huge], photo, { ...limits, maxJobSeconds: 300 });
  } catch (error) {
    message = (error as Error).message;
  }
  const [, side, steps] = /Lower Longest side to (\d+) px or Steps per octave to (\d+)\./.exec(message) ?? [];
  expect(message).toMatch(/the limit is 5 min/);
  // Each suggestion alone brings the job under the limit, and is the most that does.
  for (const [change, next] of [[{ maxSize: Number(side) }, { maxSize: Number(side) + 64 }], [{ steps: Number(steps) }, { steps: Number(steps) + 1 }]] as const) {
    const asked = { maxSize: 4096, steps: 50, octaves: 6 };
    expect(planSteps([dream({ ...asked, ...change })], photo, limits).seconds).toBeLessThanOrEqual(300);
    expect(planSteps([dream({ ...asked, ...next })], photo, limits).seconds).toBeGreaterThan(300);
  }
  expect(deadlineSeconds(300)).toBeGreaterThan(300);
});

test("refused outright: a dream too narrow for the net, AVIF past its side limit; a wide blur costs its kernel", () => {
  expect(() => planSteps([dream({ maxSize: 4096, octaves: 1, steps: 12, layers: ["mixed0"] })], { width: 8192, height: 1 }, limits)).toThrow(/too narrow to dream/);
  const resize = [{ converter: "resize", params: { percent: 327.7, width: 0, height: 0 } }];
  expect(() => planSteps(resize, { width: 5000, height: 8 }, { ...limits, format: "avif" })).toThrow(/AVIF holds at most 16384 px/);
  const blur = (sigma: number) => planSteps([{ converter: "gaussian-blur", params: { sigma } }], { width: 8000, height: 5000 }, limits).seconds;
  expect(blur(100)).toBeGreaterThan(20);
  expect(blur(100)).toBeGreaterThan(6 * blur(2));
});
