"use client";
import { type ReactNode, useEffect, useState } from "react";
import type { Step } from "../../converters/pipeline";
import { type DreamMode, placeText } from "./dream-place";
import { deviceMaxSide } from "./run-anywhere";
import type { HeavyState } from "./useConversion";

const MODE_KEY = "dream-mode";

/** The user's choice of where DeepDream runs, remembered on this device. */
export function useDreamMode(): [DreamMode, (mode: DreamMode) => void] {
  const [mode, setMode] = useState<DreamMode>("auto");
  useEffect(() => {
    if (localStorage.getItem(MODE_KEY) === "device") setMode("device");
  }, []);
  return [
    mode,
    (next) => {
      localStorage.setItem(MODE_KEY, next);
      setMode(next);
    },
  ];
}

/** Shown while the pipeline has a heavy step that can also run on the device. */
export function DreamPlacement({ steps, mode, onChange }: { steps: Step[]; mode: DreamMode; onChange: (mode: DreamMode) => void }) {
  const cap = steps.map((s) => deviceMaxSide.get(s.converter)).find((c) => c !== undefined);
  if (cap === undefined) return null;
  return (
    <fieldset className="dream-place">
      <legend>Where to dream</legend>
      <label>
        <input type="radio" name="dream-place" checked={mode === "auto"} onChange={() => onChange("auto")} />
        Automatic
      </label>
      <label>
        <input type="radio" name="dream-place" checked={mode === "device"} onChange={() => onChange("device")} />
        On this device
      </label>
      <p className="muted">
        Automatic dreams on the server while it can be reached, and on this device when offline. On this device the photo never
        leaves it, and dreams are capped at {cap} px on the long side; the engine (about 20 MB) downloads the first time.
      </p>
    </fieldset>
  );
}

const formatSeconds = (s: number) => (s < 60 ? `${Math.max(1, Math.round(s))} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);
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
  const { stage, progress, eta, waiting, download, backend, place } = heavy;
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
  const where = (done: boolean) => place?.onDevice && `${placeText(place.reason, done)}${backend ? ` (${backend})` : ""}.`;
  if (!busy) return place?.onDevice && stage === "device" && !error ? <p className="muted">{where(true)}</p> : null;
  if (!stage && !place?.onDevice) return null;
  return (
    <div className="job-progress">
      {place?.onDevice && <p className="muted">{where(false)}</p>}
      {download && (
        <>
          <progress aria-label="Dream engine download" max={download.total} value={download.loaded} />
          <output aria-label="Downloaded">
            Downloading the dream engine: {megabytes(download.loaded)} of {megabytes(download.total)} MB, once; then it works offline
          </output>
        </>
      )}
      {stage && progress !== undefined && (
        <>
          <progress aria-label={stage === "device" ? "Dream progress" : "Server job progress"} max={1} value={progress}>
            {Math.round(progress * 100)} %
          </progress>
          {stage === "server" && notify}
          <output aria-label="Time left">
            {waiting
              ? "Waiting for network: the job is sent when the connection returns"
              : eta === undefined
                ? `${Math.round(progress * 100)} %`
                : `About ${formatSeconds(eta)} left`}
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
