import { describe, expect, it } from "vitest";
import { deviceMaxSide, segment } from "./run-anywhere";

const step = (converter: string) => ({ converter, params: {} });
const shape = (parts: ReturnType<typeof segment>) => parts.map((p) => `${p.where}${p.heavy ? "*" : ""}:${p.steps.map((s) => s.converter).join("+")}`);

describe("where each step of a pipeline runs", () => {
  const steps = ["grayscale", "invert", "deepdream", "flip-horizontal", "deepdream"].map(step);

  it("sends DeepDream to the server between on-device runs, unless it dreams on the device", () => {
    expect(shape(segment(steps, "device"))).toEqual(["device:grayscale+invert", "server:deepdream", "device:flip-horizontal", "server:deepdream"]);
    // On the device each dream is a run of its own (asynchronous, with progress), never merged.
    expect(shape(segment(steps, "device", true))).toEqual(["device:grayscale+invert", "device*:deepdream", "device:flip-horizontal", "device*:deepdream"]);
    expect(shape(segment([step("deepdream"), step("deepdream")], "device", true))).toEqual(["device*:deepdream", "device*:deepdream"]);
  });

  it("runs everything on the server when asked, dreams included", () => {
    expect(shape(segment(steps, "server", true))).toEqual(["server:grayscale+invert+deepdream+flip-horizontal+deepdream"]);
  });

  it("knows DeepDream's cap on the device from the converter's metadata", () => {
    expect(deviceMaxSide.get("deepdream")).toBe(512);
    expect(deviceMaxSide.has("grayscale")).toBe(false);
  });
});
