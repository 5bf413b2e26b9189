"use client";
import { useEffect, useRef, useState } from "react";
import type { Step } from "../../converters/pipeline";
import type { OutputFormat } from "../../converters/formats";
import { processOnDevice } from "../worker/vips-bridge";
import { runOnServer } from "./server-jobs";

export type Where = "device" | "server";

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
 * Re-runs the whole pipeline whenever its inputs change, on the device or as server jobs. A newer
 * request aborts the one in flight (the bridge terminates the worker; a server job is cancelled),
 * so dragging a slider never queues up.
 */
export function useConversion(source: SourceImage | undefined, steps: Step[], format: OutputFormat | undefined, quality: number, where: Where) {
  const [result, setResult] = useState<Conversion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number>();
  const urlRef = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!source) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      setProgress(undefined);
      const run =
        where === "server"
          ? runOnServer(new Blob([source.bytes]), source.name, steps, { format, quality }, setProgress, controller.signal).then(
              async ({ blob, format }) => {
                const bitmap = await createImageBitmap(blob);
                const size = { width: bitmap.width, height: bitmap.height };
                bitmap.close();
                return { blob, format, ...size };
              },
            )
          : // The worker gets a copy: transferring the original would detach it from the page.
            processOnDevice(source.bytes.slice(0), { steps, format, quality }, controller.signal).then((out) => ({
              blob: new Blob([out.data as Uint8Array<ArrayBuffer>], { type: out.mime }),
              format: out.format,
              width: out.width,
              height: out.height,
            }));
      run
        .then(({ blob, format, width, height }) => {
          const url = URL.createObjectURL(blob);
          if (urlRef.current) URL.revokeObjectURL(urlRef.current);
          urlRef.current = url;
          setResult({ url, blob, format, width, height });
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
    }, where === "server" ? 400 : 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source, steps, format, quality, where]);

  return { result, error, busy, progress };
}
