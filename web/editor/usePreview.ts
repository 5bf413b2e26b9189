"use client";
import { useEffect, useState } from "react";
import type { OpenedPhoto, PreviewResult } from "../../converters/engine/photo-session";
import type { Step } from "../../converters/engine/pipeline";
import { openPhoto, previewPhoto } from "../worker/vips-bridge";
import { markPreview } from "./preview-marks";
import type { SourceImage } from "./useConversion";

export interface Preview extends PreviewResult {
  /** Which steps made it, as one comparable string. */
  key: string;
}

/** The photo decoded in the worker: its size, or why it cannot be opened (a bad file, too many pixels). */
export function useOpenedPhoto(source: SourceImage | undefined, enabled: boolean): { opened?: OpenedPhoto; error?: string } {
  const [state, setState] = useState<{ id: string; opened?: OpenedPhoto; error?: string }>();
  useEffect(() => {
    if (!source || !enabled) return;
    let current = true;
    openPhoto(source).then(
      (opened) => current && setState({ id: source.id, opened }),
      (error: unknown) => current && setState({ id: source.id, error: `Couldn't open ${source.name}: ${error instanceof Error ? error.message : String(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [source, enabled]);
  return state && state.id === source?.id ? state : {};
}

/**
 * A preview of `steps` at `maxSide`, rendered whenever they change. The newest request wins: one
 * still queued when a newer arrives is dropped, and the worker finishes the one it is running,
 * so while a slider moves a new preview shows as often as the worker can make one.
 */
export function usePreview(source: SourceImage | undefined, steps: Step[] | undefined, maxSide: number): { preview?: Preview; error?: string } {
  const [state, setState] = useState<{ preview?: Preview; error?: string }>({});
  const key = source && steps ? JSON.stringify([source.id, steps]) : undefined;
  useEffect(() => {
    if (!source || !steps || !key || maxSide < 1) return;
    const controller = new AbortController();
    markPreview("preview-request");
    previewPhoto(source, steps, maxSide, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        markPreview("preview-arrived", { workerMs: result.workerMs });
        setState({ preview: { ...result, key } });
      },
      (error: unknown) => !controller.signal.aborted && setState((old) => ({ preview: old.preview, error: error instanceof Error ? error.message : String(error) })),
    );
    return () => controller.abort();
    // `key` stands for source and steps.
  }, [key, maxSide]);
  return state.preview?.key === key ? state : { preview: state.preview, error: state.error };
}
