"use client";
import { useEffect, useRef, useState } from "react";
import type { Step } from "../../../converters/engine/pipeline";
import { renderPhoto } from "../../worker/vips-bridge";
import { choiceKey, type ExportChoice, exportRequest } from "../export/choice";
import { type Conversion, deviceConversion, effectiveFormat, replaceUrl, type SourceImage } from "../useConversion";

/** Same pause as the main result's live render: dragging a slider does not queue encodes. */
const PAUSE_MS = 300;

/**
 * The compare's second encoding: the same steps on the worker's decoded photo, encoded with
 * other settings. Only while the editor renders live on the device (`live`): it is one more
 * encode of the photo the worker keeps, never another upload or heavy run.
 */
export function useOtherEncoding(source: SourceImage | undefined, steps: Step[], choice: ExportChoice | undefined, live: boolean) {
  const [result, setResult] = useState<Conversion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const urlRef = useRef<string | undefined>(undefined);
  const format = effectiveFormat(source, choice?.format);
  const key = source && choice && format ? JSON.stringify([source.url, steps, choiceKey(choice, format)]) : undefined;

  useEffect(() => {
    if (!source || !choice || !format || !live || !key) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setBusy(true);
      try {
        const out = await renderPhoto(source, { steps, ...exportRequest(choice, format) }, controller.signal);
        if (controller.signal.aborted) return;
        const made = deviceConversion(out, key);
        replaceUrl(urlRef, made.url);
        setResult(made);
        setError(undefined);
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (!controller.signal.aborted) setBusy(false);
      }
    }, PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for source, steps and choice.
  }, [key, live]);

  // Switched back to the original, or gone: give the URL back.
  useEffect(() => {
    if (choice) return;
    replaceUrl(urlRef, undefined);
    setResult(undefined);
  }, [choice]);
  useEffect(() => () => replaceUrl(urlRef, undefined), []);

  const current = result && result.key === key ? result : undefined;
  return { result: current, error: choice ? error : undefined, busy: busy || Boolean(choice && live && !current && !error) };
}
