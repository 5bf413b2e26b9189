"use client";
import { lazy, Suspense } from "react";
import type { Step } from "../../converters/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import type { HeavyMode } from "./heavy-place";
import type { Where } from "./segments";

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

interface Props {
  bytes: ArrayBuffer;
  steps: Step[];
  heavy: ConverterDescription[];
  converters: Map<string, ConverterDescription>;
  where: Where;
  heavyMode: HeavyMode;
  pending: boolean;
  onRun: () => void;
  onChooseServer?: () => void;
}

/**
 * A heavy step starts only on purpose: where it runs, its cost there, then Run. Changing a setting
 * after that asks again, instead of starting a new long job at every click.
 */
export function HeavyRun({ heavy, where, heavyMode, pending, ...rest }: Props) {
  return (
    <section className="heavy-run" aria-label="Heavy steps">
      <p className="muted">{heavyWhereText(heavy, where, heavyMode)}</p>
      <Suspense
        fallback={
          pending && (
            <button type="button" className="primary" disabled>
              Run
            </button>
          )
        }
      >
        <HeavyEstimate {...rest} where={where} heavyMode={heavyMode} pending={pending} />
      </Suspense>
    </section>
  );
}
