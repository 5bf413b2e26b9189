"use client";
import { lazy, Suspense } from "react";
import type { Step } from "../../converters/engine/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import type { HeavyEstimateProps } from "./HeavyEstimate";
import type { HeavyMode } from "./heavy-place";
import type { Where } from "./segments";

// With the cost models and a header reader: loaded once a chain has a heavy step.
const HeavyEstimate = lazy(() => import("./HeavyEstimate").then((m) => ({ default: m.HeavyEstimate })));

/** Where the heavy steps of this chain will run, and what that means for the photo, in words. */
export function heavyWhereText(heavy: ConverterDescription[], where: Where, heavyMode: HeavyMode, online: boolean): string {
  const names = heavy.map((c) => c.name).join(" and ");
  if (where === "server" || heavy.some((c) => !c.onDevice)) return `${names} runs on the server: the photo is uploaded for the run.`;
  if (heavyMode === "device") return `${names} runs on this device: the photo does not leave it.`;
  return online
    ? `${names} runs on the server, as you chose: the photo is uploaded for the run (on this device when the server cannot be reached).`
    : `Offline: ${names} runs on this device, and the photo does not leave it.`;
}

// Type-only: the estimate itself is loaded lazily, above.
type Props = HeavyEstimateProps & { heavy: ConverterDescription[] };

/**
 * A heavy step starts only on purpose: where it runs, its cost there, then Run. Changing a setting
 * after that asks again, instead of starting a new long job at every click.
 */
export function HeavyRun({ heavy, where, heavyMode, pending, ...rest }: Props) {
  const online = typeof navigator === "undefined" || navigator.onLine;
  return (
    <section className="heavy-run" aria-label="Heavy steps">
      <p className="muted">{heavyWhereText(heavy, where, heavyMode, online)}</p>
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
