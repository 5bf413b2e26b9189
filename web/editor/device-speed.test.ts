import { describe, expect, test } from "vitest";
import { deviceSeconds, type DeviceSpeeds, withCalibration, withRun } from "./device-speed";
import { ProgressClock } from "./progress-eta";

const none: DeviceSpeeds = { runs: {} };

describe("the device's speed model", () => {
  test("before any measurement: the reference's seconds × the engine's ratio, said to be a guess", () => {
    expect(deviceSeconds(none, "deepdream", 10, 3.7)).toEqual({ seconds: 37, basis: "guess" });
  });

  test("a calibration scales the engine's ratio by how fast this device computes", () => {
    const slow = withCalibration(none, 300, 75);
    expect(deviceSeconds(slow, "deepdream", 10, 3.7)).toEqual({ seconds: 148, basis: "calibrated" });
  });

  test("a run of the converter replaces the guess; later runs move the average halfway, so one odd run does not take it over", () => {
    let speeds = withCalibration(none, 75, 75);
    speeds = withRun(speeds, "deepdream", 10, 75);
    expect(deviceSeconds(speeds, "deepdream", 8, 3.7)).toEqual({ seconds: 60, basis: "measured" });
    speeds = withRun(speeds, "deepdream", 10, 55);
    expect(speeds.runs.deepdream!.cold).toEqual({ ratio: 6.5, count: 2 });
    // Another converter keeps its own: AI upscale has not run here.
    expect(deviceSeconds(speeds, "upscale", 10, 5).basis).toBe("calibrated");
  });

  test("a run in a worker that has run the converter already is timed apart from a first one", () => {
    // The first run starts the engine and meets every shape: three times the next one.
    let speeds = withRun(none, "deepdream", 10, 90, "cold");
    // With no warm run yet, a warm estimate stands on the cold one: too long, but measured.
    expect(deviceSeconds(speeds, "deepdream", 10, 3.7, "warm")).toEqual({ seconds: 90, basis: "measured" });
    speeds = withRun(speeds, "deepdream", 10, 30, "warm");
    expect(deviceSeconds(speeds, "deepdream", 10, 3.7, "warm").seconds).toBe(30);
    expect(deviceSeconds(speeds, "deepdream", 10, 3.7, "cold").seconds).toBe(90);
  });

  test("a measurement gone wrong is bounded, and nothing measured is no measurement", () => {
    expect(withRun(none, "deepdream", 10, 1e6).runs.deepdream!.cold!.ratio).toBe(200);
    expect(withRun(none, "deepdream", 0, 5)).toBe(none);
    expect(withCalibration(none, 0, 75)).toBe(none);
  });
});

describe("time left on the device, as on the server", () => {
  test("from the rate between the first and the latest rise of progress, less the time since", () => {
    const clock = new ProgressClock(0, 40);
    expect(clock.report(0, 1000)).toBe(39);
    expect(clock.report(0.1, 5000)).toBe(35);
    // 0.1 → 0.3 in 4 s: 20 s per unit, 0.7 left = 14 s, 1 s since the rise.
    expect(clock.report(0.3, 9000)).toBeCloseTo(14, 5);
    expect(clock.secondsLeft(10_000)).toBeCloseTo(13, 5);
  });

  test("before progress has risen twice, the estimate less the time spent; a restart (after a download) counts from then", () => {
    const clock = new ProgressClock(0, 30);
    expect(clock.secondsLeft(12_000)).toBe(18);
    clock.restart(20_000);
    expect(clock.secondsLeft(25_000)).toBe(25);
    expect(new ProgressClock(0).secondsLeft(1000)).toBeUndefined();
  });
});
