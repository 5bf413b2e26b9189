"use client";
import { lazy, Suspense } from "react";
import type { Step } from "../../converters/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import type { HeavyMode } from "./heavy-place";
import type { Where } from "./run-anywhere";

// With the cost models and a header reader: loaded once a chain has a heavy step.
const HeavyEstimate = lazy(() => import("./HeavyEstimate").then((m) => ({ default: m.HeavyEstimate })));

/** Where the heavy steps of this chain will run, in words. */
export function heavyWhereText(heavy: ConverterDescription[], where: Where, heavyMode: HeavyMode): string {
  const names = heavy.map((c) => c.name).join(" and ");
  if (where === "server" || heavy.some((c) => !c.deviceMaxSide)) return `${names} runs on the server: the photo is uploaded for the run.`;
  return heavyMode === "device"
    ? `${names} runs on this device: the photo never leaves it.`
    : `${names} runs on the server while it can be reached (the photo is uploaded for the run), else on this device.`;
}

/**
 * A heavy step starts only on purpose: its cost and where it runs, then Run. Changing a setting
 * after that asks again, instead of starting a new long job at every click.
 */
export function HeavyRun({ bytes, steps, heavy, converters, where, heavyMode, pending, onRun }: { bytes: ArrayBuffer; steps: Step[]; heavy: ConverterDescription[]; converters: Map<string, ConverterDescription>; where: Where; heavyMode: HeavyMode; pending: boolean; onRun: () => void }) {
  return (
    <section className="heavy-run" aria-label="Heavy steps">
      <Suspense fallback={null}>
        <HeavyEstimate bytes={bytes} steps={steps} converters={converters} />
      </Suspense>
      <p className="muted">{heavyWhereText(heavy, where, heavyMode)}</p>
      {pending && (
        <button type="button" className="primary" onClick={onRun}>
          Run
        </button>
      )}
    </section>
  );
}
