"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Step } from "../../converters/pipeline";
import type { OutputFormat } from "../../converters/formats";
import { type Outcome, runAnywhere, segment, type Where } from "./run-anywhere";

export type { Where };

export interface SourceImage {
  /** Stable for this photo, across reloads: server jobs are found again by it. */
  id: string;
  name: string;
  bytes: ArrayBuffer;
  url: string;
}

export interface Conversion {
  url: string;
  blob: Blob;
  format: OutputFormat;
  width: number;
  height: number;
  /** What made it: the photo, steps and output settings, as one comparable string. */
  key: string;
  galleryId?: string;
}

/**
 * Re-runs the whole pipeline whenever its inputs change, on the device, as server jobs, or both
 * (server-only steps). A newer request aborts the one in flight (the bridge terminates the
 * worker; a server job is cancelled), so dragging a slider never queues up.
 */
export function useConversion(source: SourceImage | undefined, steps: Step[], format: OutputFormat | undefined, quality: number, where: Where) {
  const [result, setResult] = useState<Conversion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [eta, setEta] = useState<number>();
  const [waiting, setWaiting] = useState(false);
  const urlRef = useRef<string | undefined>(undefined);

  // Server results for this photo, by the steps that made them; a new photo starts afresh.
  const cache = useMemo(() => new Map<string, Outcome>(), [source]);

  useEffect(() => {
    if (!source) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      setProgress(undefined);
      setEta(undefined);
      setWaiting(false);
      const hooks = {
        signal: controller.signal,
        cache,
        onProgress: (p: number, eta?: number, waitingForNetwork = false) => {
          setProgress(p);
          setEta(eta);
          setWaiting(waitingForNetwork);
        },
      };
      const key = JSON.stringify([source.url, steps, format, quality]);
      runAnywhere(source, steps, { format, quality }, where, hooks)
        .then(async ({ blob, format, size, galleryId }) => {
          if (!size) {
            const bitmap = await createImageBitmap(blob);
            size = { width: bitmap.width, height: bitmap.height };
            bitmap.close();
          }
          if (controller.signal.aborted) return;
          const url = URL.createObjectURL(blob);
          if (urlRef.current) URL.revokeObjectURL(urlRef.current);
          urlRef.current = url;
          setResult({ url, blob, format, ...size, key, galleryId });
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setResult(undefined);
          setError(`Couldn't convert ${source.name}: ${e instanceof Error ? e.message : String(e)}`);
        })
        .finally(() => {
          if (!controller.signal.aborted) {
            setBusy(false);
            setWaiting(false);
          }
        });
    }, segment(steps, where).some((part) => part.where === "server") ? 400 : 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source, steps, format, quality, where, cache]);

  return { result, error, busy, progress, eta, waiting };
}
