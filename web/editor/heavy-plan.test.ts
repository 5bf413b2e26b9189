import { describe, expect, test } from "vitest";
import descriptions from "../../converters/descriptions.generated.json";
import type { ConverterDescription } from "../../converters/registry";
import { planHeavyRun } from "./heavy-plan";
import { DEFAULT_SERVER_LIMITS } from "./server-limits";

const converters = new Map((descriptions as ConverterDescription[]).map((c) => [c.id, c]));
const context = { converters, limits: DEFAULT_SERVER_LIMITS, speeds: { runs: {} } };
const phone = { width: 6000, height: 4000 };
const dream = [{ converter: "deepdream", params: {} }];

describe("a heavy chain planned for where it runs", () => {
  test("on the server: the photo is sent at what DeepDream uses, and the estimate is the server's for that size", () => {
    const plan = planHeavyRun(dream, phone, 7_300_000, "device", false, context);
    expect(plan.refusal).toBeUndefined();
    const [part] = plan.parts;
    expect(part).toMatchObject({ where: "server", names: "DeepDream", upload: { size: { width: 1024, height: 683 }, from: phone, reason: "chain", reencode: true } });
    expect(plan.output).toEqual({ width: 1024, height: 683 });
  });

  test("on the device: at the device's cap, timed by the device's speed, so not the server's figure", () => {
    const server = planHeavyRun(dream, phone, 7_300_000, "device", false, context).parts[0]!;
    const device = planHeavyRun(dream, phone, 7_300_000, "device", true, context);
    expect(device.parts[0]).toMatchObject({ where: "device", basis: "guess", capped: { maxSide: 512, output: { width: 512, height: 341 }, serverOutput: { width: 1024, height: 683 } } });
    expect(device.parts[0]!.seconds).not.toBeCloseTo(server.seconds, 0);
    const measured = planHeavyRun(dream, phone, 7_300_000, "device", true, { ...context, speeds: { runs: { deepdream: { cold: { ratio: 9, count: 3 } } } } });
    expect(measured.parts[0]!.basis).toBe("measured");
    expect(measured.parts[0]!.seconds).toBeGreaterThan(device.parts[0]!.seconds);
  });

  test("refused before Run with what to do: the device's cap for an upscale, the server's limits for ×4 of a large photo", () => {
    const upscale = (scale: number) => [{ converter: "upscale", params: { scale } }];
    expect(planHeavyRun(upscale(2), { width: 1200, height: 800 }, 500_000, "device", true, context).refusal).toMatch(/On this device AI upscale takes photos up to 768 px .* Resize it first, or run it on the server\./);
    expect(planHeavyRun(upscale(2), { width: 1200, height: 800 }, 500_000, "device", false, context).refusal).toBeUndefined();
    expect(planHeavyRun(upscale(4), phone, 7_300_000, "server", false, context).refusal).toMatch(/up to 24 megapixels.*The largest input that fits is \d+×\d+; resize the photo first or choose a smaller scale\./);
    // After a resize to 1000 px the same ×4 fits, and only 1000 px are sent.
    const resized = planHeavyRun([{ converter: "resize", params: { width: 1000 } }, ...upscale(4)], phone, 7_300_000, "server", false, context);
    expect(resized.refusal).toBeUndefined();
    expect(resized.parts[0]!.upload!.size).toEqual({ width: 1000, height: 667 });
  });

  test("the server's own limits decide: a lower job time refuses what the default takes", () => {
    const strict = { ...context, limits: { ...DEFAULT_SERVER_LIMITS, maxJobSeconds: 12 } };
    expect(planHeavyRun(dream, phone, 7_300_000, "server", false, strict).refusal).toMatch(/the limit is 12 s\. Lower Longest side to \d+ px/);
  });
});
