"use client";
import { type ReactNode, useEffect, useState } from "react";
import type { Step } from "../../converters/engine/pipeline";
import { formatSecondsLeft, useCountdown } from "./countdown";
import { type HeavyMode, placeText } from "./heavy-place";
import { converterName, deviceMaxSide, onDevice } from "./run-anywhere";
import type { HeavyState } from "./useConversion";

// The key predates AI upscale; kept so a choice made for DeepDream still holds.
const MODE_KEY = "dream-mode";

/**
 * The user's choice of where heavy steps run, remembered on this device. On the device unless
 * they chose the server: the photo is uploaded only after a choice that is theirs.
 */
export function useHeavyMode(): [HeavyMode, (mode: HeavyMode) => void] {
  const [mode, setMode] = useState<HeavyMode>("device");
  useEffect(() => {
    if (localStorage.getItem(MODE_KEY) === "auto") setMode("auto");
  }, []);
  return [
    mode,
    (next) => {
      localStorage.setItem(MODE_KEY, next);
      setMode(next);
    },
  ];
}

/** Shown while the pipeline has heavy steps that can also run on the device. */
export function HeavyPlacement({ steps, mode, onChange }: { steps: Step[]; mode: HeavyMode; onChange: (mode: HeavyMode) => void }) {
  const here = [...new Set(steps.map((s) => s.converter))].filter((id) => onDevice.has(id));
  if (here.length === 0) return null;
  const capped = here.filter((id) => deviceMaxSide.has(id));
  const caps = capped.map((id) => `${converterName(id)} at ${deviceMaxSide.get(id)} px`).join(", ");
  return (
    <fieldset className="heavy-place">
      <legend>Where heavy steps run</legend>
      <label>
        <input type="radio" name="heavy-place" checked={mode === "device"} onChange={() => onChange("device")} />
        On this device
      </label>
      <label>
        <input type="radio" name="heavy-place" checked={mode === "auto"} onChange={() => onChange("auto")} />
        On the server when it can be reached
      </label>
      <p className="muted">
        On this device the photo never leaves it{caps ? <>, and the long side is capped ({caps})</> : null}; the engine and the model
        download the first time. On the server the photo is uploaded for each heavy run, shrunk first to what the steps use; offline they run here.
        Your choice is remembered on this device.
      </p>
    </fieldset>
  );
}

const megabytes = (n: number) => (n / 1e6).toFixed(1);

interface Props {
  busy: boolean;
  error?: string;
  heavy: HeavyState;
  cancelled: boolean;
  cancel: () => void;
  rerun: () => void;
  /** Offered while a server job runs: the page may be closed meanwhile. */
  notify: ReactNode;
}

/** Where a heavy step runs, its engine download, its progress and a way to stop it. */
export function HeavyProgress({ busy, error, heavy, cancelled, cancel, rerun, notify }: Props) {
  const { stage, progress, eta, waiting, download, backend, place, names, uploaded } = heavy;
  // Counted down between reports: the text moves each second even when updates come slower.
  const left = useCountdown(eta, progress);
  if (cancelled) {
    return (
      <p role="status" className="job-progress">
        Cancelled.{" "}
        <button type="button" onClick={rerun}>
          Run again
        </button>
      </p>
    );
  }
  const where = (done: boolean) => place?.onDevice && `${placeText(place.reason, done, names)}${backend ? ` (${backend})` : ""}.`;
  if (!busy) return place?.onDevice && stage === "device" && !error ? <p className="muted">{where(true)}</p> : null;
  if (!stage && !place?.onDevice) return null;
  return (
    <div className="job-progress">
      {place?.onDevice && <p className="muted">{where(false)}</p>}
      {stage === "server" && uploaded && (
        <p className="muted">
          Uploaded {uploaded.shrunk ? `at ${uploaded.shrunk.size.width}×${uploaded.shrunk.size.height}, shrunk on this device from ${uploaded.shrunk.from.width}×${uploaded.shrunk.from.height}` : "as it is"} ({megabytes(uploaded.bytes)} MB).
        </p>
      )}
      {download && (
        <>
          <progress aria-label="Model download" max={download.total} value={download.loaded} />
          <output aria-label="Downloaded">
            Downloading the on-device model: {megabytes(download.loaded)} of {megabytes(download.total)} MB, once; then it works offline
          </output>
        </>
      )}
      {stage && progress !== undefined && (
        <>
          <progress aria-label={stage === "device" ? "On-device progress" : "Server job progress"} max={1} value={progress}>
            {Math.round(progress * 100)} %
          </progress>
          {stage === "server" && notify}
          <output aria-label="Time left">
            {waiting
              ? "Waiting for network: the job is sent when the connection returns"
              : left === undefined
                ? `${Math.round(progress * 100)} %`
                : `About ${formatSecondsLeft(left)} left`}
          </output>
        </>
      )}
      {stage && (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
