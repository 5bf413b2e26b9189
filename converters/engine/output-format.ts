// The format a result is saved in when the caller names none ("Same as input"): the input's, if
// it can be written, except where a step's result is meant to be seen with its transparency (a
// cutout) and the input's format has none: then PNG, so the background does not turn white.
import { costs } from "../costs.generated";
import { defaultOutputFor, type InputFormat, type OutputFormat } from "./formats";

const KEEPS_NO_ALPHA: ReadonlySet<OutputFormat> = new Set(["jpeg"]);

export function defaultFormatFor(input: InputFormat, steps: readonly { converter: string; params?: Record<string, unknown> }[]): OutputFormat {
  const format = defaultOutputFor(input);
  const wantsAlpha = steps.some((s) => costs[s.converter]?.wantsAlpha?.((s.params ?? {}) as never));
  return wantsAlpha && KEEPS_NO_ALPHA.has(format) ? "png" : format;
}
