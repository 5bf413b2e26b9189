import { useEffect, useState } from "react";

/** Seconds left now, from an estimate reported at `reportedAt` (ms): it falls as time passes. */
export const secondsLeft = (eta: number, reportedAt: number, now: number) => Math.max(0, eta - Math.max(0, now - reportedAt) / 1000);

/** "22 s", "1 min 5 s": whole seconds, never under 1 while work remains. */
export function formatSecondsLeft(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

const TICK_MS = 250;

/**
 * The estimate counted down between reports: a new report (a new estimate or new progress)
 * starts it again from the reported value. Undefined while there is no estimate.
 */
export function useCountdown(eta: number | undefined, progress: number | undefined): number | undefined {
  const [base, setBase] = useState(() => ({ eta, progress, at: Date.now() }));
  const [now, setNow] = useState(() => Date.now());
  // A new report restarts the count (React re-renders at once with the new base). Object.is: a
  // NaN that slipped through must not read as new on every render (an endless re-render).
  if (!Object.is(base.eta, eta) || !Object.is(base.progress, progress)) setBase({ eta, progress, at: Date.now() });
  const counting = eta !== undefined;
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [counting]);
  return eta === undefined ? undefined : secondsLeft(eta, base.at, now);
}
