"use client";
import { imageSize } from "image-size";
import { useMemo } from "react";
import { DEFAULT_MAX_OUTPUT_PIXELS, formatSeconds, planSteps } from "../../converters/plan";
import type { ConverterDescription } from "../../converters/registry";
import type { Step } from "../../converters/pipeline";

/** The server's default MAX_JOB_SECONDS: a longer job is refused there with the same words. */
const SERVER_MAX_JOB_SECONDS = 300;

/**
 * For a chain with a heavy step: how long it would take on the server, from the photo's header
 * and the settings, before anything runs; or, over the server's limit, what to lower.
 */
export function HeavyEstimate({ bytes, steps, converters }: { bytes: ArrayBuffer; steps: Step[]; converters: Map<string, ConverterDescription> }) {
  const size = useMemo(() => {
    try {
      const { width = 0, height = 0, orientation = 1 } = imageSize(new Uint8Array(bytes));
      return orientation >= 5 ? { width: height, height: width } : { width, height };
    } catch {
      return undefined;
    }
  }, [bytes]);
  if (!size?.width || !steps.some((s) => converters.get(s.converter)?.runsOn === "server")) return null;
  let text: string;
  try {
    const plan = planSteps(
      steps.map((s) => ({ converter: s.converter, params: { ...converters.get(s.converter)?.defaults, ...s.params } })),
      size,
      { maxOutputPixels: DEFAULT_MAX_OUTPUT_PIXELS, maxJobSeconds: SERVER_MAX_JOB_SECONDS },
    );
    text = `Estimated time on the server: about ${formatSeconds(plan.seconds)}.`;
  } catch (error) {
    text = error instanceof Error ? error.message : String(error);
  }
  return (
    <p role="status" aria-label="Estimated time" className="muted">
      {text}
    </p>
  );
}
