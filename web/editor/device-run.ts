// A heavy step on the device, measured: what the reference worker would take for it (the cost
// model, at the device's size cap), the estimate that gives on this device, and, once it has run,
// its time kept as this device's speed for the next estimate. Loaded with the first on-device run.
import { imageSize } from "image-size";
import { descriptions } from "../../converters/descriptions.generated";
import { costs } from "../../converters/costs.generated";
import { DEFAULT_MAX_OUTPUT_PIXELS, planSteps } from "../../converters/engine/plan";
import type { Step } from "../../converters/engine/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import { deviceSeconds, loadSpeeds, saveSpeeds, type Start, withRun } from "./device-speed";

const byId = new Map(descriptions.map((c) => [c.id, c]));

export interface DeviceRunModel {
  /** The reference worker's seconds for this step at the device's size; undefined when the header cannot be read. */
  referenceSeconds?: number;
  /** This device's estimate for it. */
  seconds?: number;
  /** Call with the run's own time (downloads left out) once it has finished. */
  record: (seconds: number) => void;
}

/** The upright size from an image's header, without decoding it. */
export function headerSize(bytes: ArrayBuffer): { width: number; height: number } | undefined {
  try {
    const { width = 0, height = 0, orientation = 1 } = imageSize(new Uint8Array(bytes));
    if (!width || !height) return undefined;
    return orientation >= 5 ? { width: height, height: width } : { width, height };
  } catch {
    return undefined;
  }
}

/** `start`: whether the worker has run this converter already (vips-bridge's heavyStart). */
export function deviceRunModel(bytes: ArrayBuffer, step: Step, start: Start): DeviceRunModel {
  const size = headerSize(bytes);
  const description = byId.get(step.converter);
  const cost = costs[step.converter];
  let referenceSeconds: number | undefined;
  if (size && description) {
    const params = { ...description.defaults, ...step.params };
    const fit = cost?.onDevice?.(size, params as never, description.deviceMaxSide ?? Number.POSITIVE_INFINITY) ?? { params };
    try {
      if ("params" in fit) referenceSeconds = planSteps([{ converter: step.converter, params: fit.params as Record<string, unknown>, heavy: true }], size, { maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS }).seconds;
    } catch {
      // The run will say why it cannot; there is nothing to estimate.
    }
  }
  return {
    referenceSeconds,
    seconds: referenceSeconds === undefined ? undefined : deviceSeconds(loadSpeeds(), step.converter, referenceSeconds, cost?.deviceEngineRatio, start).seconds,
    record: (seconds) => {
      if (referenceSeconds !== undefined) saveSpeeds(withRun(loadSpeeds(), step.converter, referenceSeconds, seconds, start));
    },
  };
}
