// How fast this device runs heavy steps, against the reference worker the cost models are
// measured on: each step's estimate is the reference's seconds × a ratio. The ratio is measured:
// from the device's own runs of that converter once it has any (kept in localStorage), before
// that from a short calibration (converters/engine/calibration.ts) × the engine's ratio (a cost.ts's
// deviceEngineRatio), and with neither, the engine's ratio alone, said to be a first guess.
// A run in a worker that has not run the converter yet ("cold") also starts the engine (compiles
// onnxruntime's WASM, builds the graph, makes the session) before its first step, which a "warm"
// one skips; the two are kept apart, each estimate from runs that started alike where there are
// any. (On a busy 2-core machine a first 512 px dream took 101 s and the next 31 s; on a quieter
// moment 21 s and 31 s: the machine's load can outweigh the start, which the averages absorb.)

export type Start = "cold" | "warm";

interface Measured {
  ratio: number;
  count: number;
}

export interface DeviceSpeeds {
  /** This device's calibration time ÷ the reference worker's (converters/engine/calibration.ts). */
  calibration?: number;
  /** Per converter and start: measured device seconds ÷ the reference's estimate, averaged over runs. */
  runs: Record<string, Partial<Record<Start, Measured>>>;
}

export type SpeedBasis = "measured" | "calibrated" | "guess";

export interface DeviceEstimate {
  seconds: number;
  basis: SpeedBasis;
}

/** Ratios outside these are a measurement gone wrong (a tab in the background, a paused debugger). */
const RATIO_BOUNDS = [0.05, 200] as const;
/** Each run moves the average this far towards itself: a few runs settle it, one odd run does not. */
const RUN_WEIGHT = 0.5;

const clamp = (ratio: number) => Math.min(RATIO_BOUNDS[1], Math.max(RATIO_BOUNDS[0], ratio));
const other = (start: Start): Start => (start === "cold" ? "warm" : "cold");

/**
 * Seconds on this device for a step the reference worker would take `referenceSeconds` for,
 * starting `start`: from runs that started alike if there are any, else from the other kind.
 */
export function deviceSeconds(speeds: DeviceSpeeds, converter: string, referenceSeconds: number, engineRatio = 1, start: Start = "cold"): DeviceEstimate {
  const runs = speeds.runs[converter];
  const measured = runs?.[start] ?? runs?.[other(start)];
  if (measured) return { seconds: referenceSeconds * measured.ratio, basis: "measured" };
  if (speeds.calibration !== undefined) return { seconds: referenceSeconds * speeds.calibration * engineRatio, basis: "calibrated" };
  return { seconds: referenceSeconds * engineRatio, basis: "guess" };
}

/** The speeds with one more run of `converter`: it took `seconds` where the reference would take `referenceSeconds`. */
export function withRun(speeds: DeviceSpeeds, converter: string, referenceSeconds: number, seconds: number, start: Start = "cold"): DeviceSpeeds {
  if (!(referenceSeconds > 0 && seconds > 0)) return speeds;
  const ratio = clamp(seconds / referenceSeconds);
  const old = speeds.runs[converter]?.[start];
  const next = old ? { ratio: old.ratio + RUN_WEIGHT * (ratio - old.ratio), count: old.count + 1 } : { ratio, count: 1 };
  return { ...speeds, runs: { ...speeds.runs, [converter]: { ...speeds.runs[converter], [start]: next } } };
}

/** The speeds with a calibration: this device took `ms` for the workload the reference takes `referenceMs` for. */
export function withCalibration(speeds: DeviceSpeeds, ms: number, referenceMs: number): DeviceSpeeds {
  return ms > 0 && referenceMs > 0 ? { ...speeds, calibration: clamp(ms / referenceMs) } : speeds;
}

const KEY = "device-speed";

/** What this device has measured of itself; nothing on the server or before the page runs. */
export function loadSpeeds(): DeviceSpeeds {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? "null") as Partial<DeviceSpeeds> | null;
    const runs: DeviceSpeeds["runs"] = {};
    // Only well-formed records: a hand-edited or older entry must not break the estimate.
    for (const [converter, byStart] of Object.entries(stored?.runs ?? {})) {
      for (const start of ["cold", "warm"] as const) {
        const measured = byStart?.[start];
        if (typeof measured?.ratio === "number" && typeof measured.count === "number") runs[converter] = { ...runs[converter], [start]: measured };
      }
    }
    return { ...(typeof stored?.calibration === "number" && { calibration: stored.calibration }), runs };
  } catch {
    return { runs: {} };
  }
}

export function saveSpeeds(speeds: DeviceSpeeds): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(speeds));
    window.dispatchEvent(new Event(SPEEDS_CHANGED));
  } catch {
    // Private mode or a full quota: the estimate stays a first guess.
  }
}

/** Fired on this page when the speeds change (another tab's changes come as `storage` events). */
export const SPEEDS_CHANGED = "device-speed-changed";
