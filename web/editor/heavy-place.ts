// Where heavy steps that can also run on the device (DeepDream, AI upscale; a device.ts) run:
// on the device, the default, where the photo stays; or, once the user has chosen it ("auto"),
// on the server while it answers and on the device when offline or unreachable.
export type HeavyMode = "auto" | "device";

export type HeavyPlace = { onDevice: false } | { onDevice: true; reason: "chosen" | "offline" | "unreachable" };

/** How long the server may take to answer before heavy steps move to the device. */
const REACH_TIMEOUT_MS = 3000;

export async function chooseHeavyPlace(mode: HeavyMode, signal: AbortSignal): Promise<HeavyPlace> {
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

const PLACE_PREFIX: Record<Extract<HeavyPlace, { onDevice: true }>["reason"], string> = {
  chosen: "",
  offline: "Offline: ",
  unreachable: "The server cannot be reached: ",
};

/** "Offline: running DeepDream on this device", or "…ran…" once done. */
export function placeText(reason: keyof typeof PLACE_PREFIX, done: boolean, names = ""): string {
  const prefix = PLACE_PREFIX[reason];
  const verb = `${done ? "ran" : "running"}${names ? ` ${names}` : ""}`;
  return `${prefix}${prefix ? verb : verb[0]!.toUpperCase() + verb.slice(1)} on this device`;
}
