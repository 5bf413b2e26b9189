// Where each step of a chain runs, from the converters' descriptions alone: no worker, no network,
// so the estimate (heavy-plan.ts) and the run (run-anywhere.ts) split a chain the same way.
import { descriptions } from "../../converters/descriptions.generated";
import type { Step } from "../../converters/engine/pipeline";
import type { ConverterDescription } from "../../converters/registry";

export type Where = "device" | "server";

export interface Segment {
  where: Where;
  steps: Step[];
  /** Steps up to and including this segment: what its result depends on. */
  key: string;
  /** A heavy converter (DeepDream) on the device: one step, run asynchronously with progress. */
  heavy?: boolean;
}

const described = descriptions;
const runsOn = new Map(described.map((c) => [c.id, c.runsOn]));
export const converterName = (id: string) => described.find((c) => c.id === id)?.name ?? id;
/** Heavy converters that can also run on the device. */
export const onDevice = new Set(described.filter((c) => c.onDevice).map((c) => c.id));
/** The file a converter's step may read besides the photo (style transfer's style photo). */
export const attachmentOf = (id: string) => described.find((c) => c.id === id)?.attachment;
/** Those that work at a smaller size there, with their long-side cap. */
export const deviceMaxSide = new Map(described.filter((c) => c.deviceMaxSide).map((c) => [c.id, c.deviceMaxSide!]));

/**
 * Splits a pipeline by where each step can run. On the server everything runs there; on the
 * device, a heavy step (DeepDream) becomes a server job between on-device runs, or, with
 * `heavyOnDevice` and where the converter allows it, an on-device run of its own.
 */
export function segment(steps: Step[], where: Where, heavyOnDevice = false): Segment[] {
  const out: Segment[] = [];
  steps.forEach((step, i) => {
    const isHeavy = runsOn.get(step.converter) === "server";
    const heavyHere = where === "device" && isHeavy && heavyOnDevice && onDevice.has(step.converter);
    const at: Where = where === "server" || (isHeavy && !heavyHere) ? "server" : "device";
    const last = out.at(-1);
    const key = JSON.stringify(steps.slice(0, i + 1));
    if (last?.where === at && !last.heavy && !heavyHere) {
      last.steps.push(step);
      last.key = key;
    } else out.push({ where: at, steps: [step], key, ...(heavyHere && { heavy: true }) });
  });
  return out;
}
