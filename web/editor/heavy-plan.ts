// A chain with heavy steps, planned before Run for where it will run: each server job at the size
// the page will send (converters/engine/input-need.ts) against the server's own limits and cost model,
// each on-device heavy step at the device's size cap and this device's measured speed. What the
// page shows under a heavy step's settings, and whether Run may start, come from here.
import { planUpload, type UploadPlan } from "../../converters/engine/input-need";
import { DEFAULT_MAX_OUTPUT_PIXELS, type PlannedStep, planSteps } from "../../converters/engine/plan";
import { costs } from "../../converters/costs.generated";
import type { Step } from "../../converters/engine/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import type { Size } from "../../converters/types";
import { type DeviceSpeeds, deviceSeconds, type SpeedBasis, type Start } from "./device-speed";
import { segment, type Where } from "./segments";
import type { ServerLimits } from "./server-limits";

export interface PlannedPart {
  where: Where;
  /** The heavy steps in it, for people: "DeepDream", "DeepDream and AI upscale". */
  names: string;
  seconds: number;
  /** On the device: what the estimate rests on, and whether the engine must start first. */
  basis?: SpeedBasis;
  start?: Start;
  /** On the server: what is sent, and from what. */
  upload?: UploadPlan & { from: Size };
  /** On the device, when its size cap makes the result smaller than the server's. */
  capped?: { maxSide: number; output: Size; serverOutput: Size };
}

export interface HeavyPlan {
  parts: PlannedPart[];
  /** Why it cannot run there, in words that say what to do; Run waits until it can. */
  refusal?: string;
  output?: Size;
}

export interface PlanContext {
  converters: Map<string, ConverterDescription>;
  limits: ServerLimits;
  speeds: DeviceSpeeds;
  /** Whether the device's worker has run a converter already (warm) or must start its engine (cold). */
  start?: (converter: string) => Start;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Steps as the planner takes them: defaults filled in, heavy ones marked. */
function plannedSteps(steps: Step[], converters: Map<string, ConverterDescription>): PlannedStep[] {
  return steps.map((s) => {
    const description = converters.get(s.converter);
    return { converter: s.converter, params: { ...description?.defaults, ...s.params }, heavy: description?.runsOn === "server" };
  });
}

const namesOf = (steps: PlannedStep[], converters: Map<string, ConverterDescription>) =>
  [...new Set(steps.filter((s) => s.heavy).map((s) => converters.get(s.converter)?.name ?? s.converter))].join(" and ");

/**
 * Plans `steps` on a photo of `input` (upright) and `bytes`, split as the run will split them:
 * `where` and `heavyOnDevice` as useConversion passes them to runAnywhere.
 */
export function planHeavyRun(steps: Step[], input: Size, bytes: number, where: Where, heavyOnDevice: boolean, context: PlanContext): HeavyPlan {
  const { converters, limits, speeds } = context;
  const parts: PlannedPart[] = [];
  let size = input;
  for (const [index, part] of segment(steps, where, heavyOnDevice).entries()) {
    const planned = plannedSteps(part.steps, converters);
    const names = namesOf(planned, converters);
    try {
      if (part.where === "server") {
        // Only the photo itself has known bytes; a device result in between is re-encoded if it must be.
        const upload = { ...planUpload(planned, size, index === 0 ? bytes : 0, limits), from: size };
        const plan = planSteps(planned, upload.size, { maxOutputPixels: limits.maxOutputPixels, maxJobSeconds: limits.maxJobSeconds, maxJobBytes: limits.maxJobBytes });
        parts.push({ where: "server", names, seconds: plan.seconds, upload });
        size = plan.output;
      } else if (part.heavy) {
        const step = planned[0]!;
        const maxSide = converters.get(step.converter)?.deviceMaxSide ?? Number.POSITIVE_INFINITY;
        const cost = costs[step.converter];
        const fit = cost?.onDevice?.(size, step.params as never, maxSide) ?? { params: step.params as never };
        if ("refuse" in fit) return { parts, refusal: fit.refuse };
        const plan = planSteps([{ ...step, params: fit.params }], size, { maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS });
        const start = context.start?.(step.converter) ?? "cold";
        const estimate = deviceSeconds(speeds, step.converter, plan.seconds, cost?.deviceEngineRatio, start);
        const serverOutput = planSteps([step], size, { maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS }).output;
        const capped = plan.output.width * plan.output.height < serverOutput.width * serverOutput.height ? { maxSide, output: plan.output, serverOutput } : undefined;
        parts.push({ where: "device", names, seconds: estimate.seconds, basis: estimate.basis, start, ...(capped && { capped }) });
        size = plan.output;
      } else {
        // Light steps on the device: quick, but they may make a size the device refuses too.
        size = planSteps(planned, size, { maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS }).output;
      }
    } catch (error) {
      return { parts, refusal: message(error) };
    }
  }
  return { parts, output: size };
}
