"use client";
import { useEffect, useMemo, useState } from "react";
import { REFERENCE_CALIBRATION_MS } from "../../converters/engine/calibration";
import { formatSeconds } from "../../converters/engine/plan";
import type { Step } from "../../converters/engine/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import { calibrateDevice, heavyStart } from "../worker/vips-bridge";
import { headerSize } from "./device-run";
import { type DeviceSpeeds, loadSpeeds, saveSpeeds, SPEEDS_CHANGED, type SpeedBasis, withCalibration } from "./device-speed";
import { type HeavyPlan, type PlannedPart, planHeavyRun } from "./heavy-plan";
import type { HeavyMode } from "./heavy-place";
import type { Where } from "./segments";
import { DEFAULT_SERVER_LIMITS, type ServerLimits, serverLimits } from "./server-limits";

const BASIS: Record<SpeedBasis, string> = {
  measured: "from this device's own runs",
  calibrated: "from a quick test of this device's speed; its first run measures it",
  guess: "a first guess; its first run measures it",
};

const dims = (s: { width: number; height: number }) => `${s.width}×${s.height}`;

/** This device's speeds, kept current when a run (in this tab or another) measures them. */
function useDeviceSpeeds(): DeviceSpeeds {
  const [speeds, setSpeeds] = useState<DeviceSpeeds>({ runs: {} });
  useEffect(() => {
    const read = () => setSpeeds(loadSpeeds());
    read();
    window.addEventListener(SPEEDS_CHANGED, read);
    window.addEventListener("storage", read);
    return () => {
      window.removeEventListener(SPEEDS_CHANGED, read);
      window.removeEventListener("storage", read);
    };
  }, []);
  return speeds;
}

let calibrating: Promise<void> | undefined;

/** Once per page, when an estimate has nothing measured to go on: the calibration workload in the image worker. */
function calibrateOnce(): void {
  calibrating ??= calibrateDevice()
    .then((ms) => saveSpeeds(withCalibration(loadSpeeds(), ms, REFERENCE_CALIBRATION_MS)))
    .catch(() => {
      calibrating = undefined;
    });
}

function useServerLimits(): ServerLimits {
  const [limits, setLimits] = useState(DEFAULT_SERVER_LIMITS);
  useEffect(() => {
    let current = true;
    void serverLimits().then((l) => current && setLimits(l));
    return () => {
      current = false;
    };
  }, []);
  return limits;
}

/** "Estimated time on this device: about 40 s (from …).", "… on the server: about 8 s.", or both. */
function estimateText(parts: PlannedPart[]): string {
  const device = parts.filter((p) => p.where === "device");
  const server = parts.filter((p) => p.where === "server");
  const sum = (ps: PlannedPart[]) => ps.reduce((s, p) => s + p.seconds, 0);
  // The least certain basis among the device's steps is the one the estimate rests on.
  const basis = (["guess", "calibrated", "measured"] as const).find((b) => device.some((p) => p.basis === b));
  const starting = basis === "measured" && device.some((p) => p.start === "cold") ? ", the engine starting first" : "";
  const onDevice = device.length ? `on this device: about ${formatSeconds(sum(device))} (${BASIS[basis!]}${starting})` : "";
  const onServer = server.length ? `on the server: about ${formatSeconds(sum(server))}` : "";
  const text = [onDevice, onServer].filter(Boolean).join("; ");
  return `Estimated time ${text}.`;
}

/** What leaves the device, and what the device's own limits do, in words. */
function notes(parts: PlannedPart[], limits: ServerLimits): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part.where === "server") {
      const { upload } = part;
      if (upload?.reason === "chain") out.push(`${part.names ? `${part.names} needs` : "The steps need"} only ${dims(upload.size)}: the photo (${dims(upload.from)}) is shrunk to that on this device, then uploaded.`);
      else if (upload?.reason === "pixels") out.push(`The server takes up to ${(limits.maxPixels / 1e6).toFixed(0)} megapixels: the photo is uploaded at ${dims(upload.size)}, not ${dims(upload.from)}.`);
      else out.push(`The photo is uploaded for the run${part.names ? ` of ${part.names}` : ""}.`);
    } else if (part.capped) {
      out.push(`On this device ${part.names} works at up to ${part.capped.maxSide} px on the long side: the result will be ${dims(part.capped.output)} (${dims(part.capped.serverOutput)} on the server).`);
    }
  }
  if (parts.length && parts.every((p) => p.where === "device")) out.push("The photo does not leave this device.");
  return out;
}

export interface HeavyEstimateProps {
  bytes: ArrayBuffer;
  steps: Step[];
  converters: Map<string, ConverterDescription>;
  where: Where;
  heavyMode: HeavyMode;
  /** Run is offered (the settings have not run yet). */
  pending: boolean;
  onRun: () => void;
  /** Let heavy steps run on the server from now on (remembered). */
  onChooseServer?: () => void;
}

/**
 * For a chain with a heavy step, before anything runs: where it will run, how long it will take
 * there, what the photo is sent as or what the device's cap makes of it, and Run; or why it
 * cannot run there, with Run disabled and what to do.
 */
export function HeavyEstimate({ bytes, steps, converters, where, heavyMode, pending, onRun, onChooseServer }: HeavyEstimateProps) {
  const size = useMemo(() => headerSize(bytes), [bytes]);
  const limits = useServerLimits();
  const speeds = useDeviceSpeeds();
  // With the server chosen, heavy steps run there while online, and here offline.
  const online = typeof navigator === "undefined" || navigator.onLine;
  const heavyOnDevice = where === "device" && (heavyMode === "device" || !online);
  const context = { converters, limits, speeds, start: heavyStart };
  const plan: HeavyPlan | undefined = size && planHeavyRun(steps, size, bytes.byteLength, where, heavyOnDevice, context);
  // Refused here but possible on the server: the way there is offered, never taken unasked.
  const serverCould = Boolean(where === "device" && heavyMode === "device" && size && plan && (plan.refusal || plan.parts.some((p) => p.where === "server")) && !planHeavyRun(steps, size, bytes.byteLength, where, false, context).refusal);
  const guessing = plan?.parts.some((p) => p.basis === "guess") ?? false;
  useEffect(() => {
    if (guessing) calibrateOnce();
  }, [guessing]);

  if (!size || !plan) return null;
  const { parts } = plan;
  // A heavy step with no device path would upload the photo: only once the user has chosen the server.
  const unchosen = where === "device" && heavyMode === "device" && parts.filter((p) => p.where === "server").map((p) => p.names);
  const refusal = plan.refusal ?? (unchosen && unchosen.length ? `${unchosen.join(" and ")} runs only on the server, and heavy steps run on this device: choose the server for them to upload the photo.` : undefined);
  return (
    <>
      <p role="status" aria-label="Estimated time" className={refusal ? "error" : "muted"}>
        {/* Run's description: the status's own name is its label, not these words. */}
        <span id="heavy-estimate">{refusal ?? estimateText(parts)}</span>
      </p>
      {!refusal && notes(parts, limits).map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      {pending && (
        <div className="heavy-actions">
          <button type="button" className="primary" disabled={Boolean(refusal)} aria-describedby="heavy-estimate" onClick={onRun}>
            Run
          </button>
          {serverCould && onChooseServer && (
            <button type="button" onClick={onChooseServer}>
              Run heavy steps on the server
            </button>
          )}
        </div>
      )}
      {serverCould && <p className="muted">On the server the photo is uploaded for each heavy run, shrunk first to what the steps use. This choice is remembered on this device; change it under “Where heavy steps run”.</p>}
    </>
  );
}
