"use client";
import { useEffect, useRef, useState } from "react";
import type { Step } from "../../converters/pipeline";
import type { OutputFormat } from "../../converters/formats";
import { processOnDevice } from "../worker/vips-bridge";

export interface SourceImage {
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
}

/**
 * Re-runs the whole pipeline on the device whenever its inputs change. A newer request aborts
 * the one in flight (the bridge terminates the worker), so dragging a slider never queues up.
 */
export function useDeviceConversion(source: SourceImage | undefined, steps: Step[], format: OutputFormat | undefined, quality: number) {
  const [result, setResult] = useState<Conversion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const urlRef = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!source) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      // The worker gets a copy: transferring the original would detach it from the page.
      processOnDevice(source.bytes.slice(0), { steps, format, quality }, controller.signal)
        .then((out) => {
          const blob = new Blob([out.data as Uint8Array<ArrayBuffer>], { type: out.mime });
          const url = URL.createObjectURL(blob);
          if (urlRef.current) URL.revokeObjectURL(urlRef.current);
          urlRef.current = url;
          setResult({ url, blob, format: out.format, width: out.width, height: out.height });
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setResult(undefined);
          setError(`Couldn't convert ${source.name}: ${e instanceof Error ? e.message : String(e)}`);
        })
        .finally(() => {
          if (!controller.signal.aborted) setBusy(false);
        });
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source, steps, format, quality]);

  return { result, error, busy };
}
