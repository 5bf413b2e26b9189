// Where a heavy step that can also run on the device (DeepDream) runs when the editor chooses:
// the server while it answers, the device when offline or the server cannot be reached.
export type DreamMode = "auto" | "device";

export type DreamPlace = { onDevice: false } | { onDevice: true; reason: "chosen" | "offline" | "unreachable" };

/** How long the server may take to answer before the dream moves to the device. */
const REACH_TIMEOUT_MS = 3000;

export async function chooseDreamPlace(mode: DreamMode, signal: AbortSignal): Promise<DreamPlace> {
  if (mode === "device") return { onDevice: true, reason: "chosen" };
  if (!navigator.onLine) return { onDevice: true, reason: "offline" };
  try {
    // The service worker never answers /api/ from a cache, so this reaches the server or fails.
    // AbortSignal.any is missing from older Safari; there the timeout alone bounds the check.
    const timeout = AbortSignal.timeout(REACH_TIMEOUT_MS);
    const both = typeof AbortSignal.any === "function" ? AbortSignal.any([signal, timeout]) : timeout;
    const res = await fetch("/api/converters", { method: "HEAD", cache: "no-store", signal: both });
    if (res.ok) return { onDevice: false };
  } catch (error) {
    if (signal.aborted) throw error;
  }
  return { onDevice: true, reason: "unreachable" };
}

const PLACE_PREFIX: Record<Extract<DreamPlace, { onDevice: true }>["reason"], string> = {
  chosen: "",
  offline: "Offline: ",
  unreachable: "The server cannot be reached: ",
};

/** "Offline: dreaming on this device", or "…dreamed…" once done. */
export function placeText(reason: keyof typeof PLACE_PREFIX, done: boolean): string {
  const prefix = PLACE_PREFIX[reason];
  const verb = done ? "dreamed" : "dreaming";
  return `${prefix}${prefix ? verb : verb[0]!.toUpperCase() + verb.slice(1)} on this device`;
}
