"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Step } from "../../converters/engine/pipeline";
import { MIME, type OutputFormat, sniffFormat } from "../../converters/engine/formats";
import { defaultFormatFor } from "../../converters/engine/output-format";
import { type ExportChoice, choiceKey, exportRequest } from "./export/choice";
import { chooseHeavyPlace, type HeavyMode, type HeavyPlace } from "./heavy-place";
import { converterName, type EditorAttachments, onDevice, type Outcome, runAnywhere, segment, type Where } from "./run-anywhere";
import { renderPhoto } from "../worker/vips-bridge";

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
  /** The quality used: with a target size, the one the search chose. */
  quality?: number;
  /** With a target size: false when even the lowest quality is over it (this is the smallest file). */
  fits?: boolean;
  /** The file as it was opened, byte for byte: no step is on and nothing asked for a new encoding. */
  original?: boolean;
}

/** What a running heavy step is doing, for the progress area. */
export interface HeavyState {
  stage?: "server" | "device";
  progress?: number;
  eta?: number;
  waiting: boolean;
  download?: { loaded: number; total: number };
  backend?: string;
  place?: HeavyPlace;
  /** The heavy steps that may run on the device, for people: "DeepDream and AI upscale". */
  names?: string;
  /** What the running server job was sent. */
  uploaded?: { bytes: number; shrunk?: { from: { width: number; height: number }; size: { width: number; height: number } } };
}

/** A live edit's full-size render waits for this pause in the changes; the preview shows meanwhile. */
const LIVE_PAUSE_MS = 300;

export interface ConversionMode {
  /** Light steps only, on the device: the worker's decoded photo is rendered, nothing decoded again. */
  live: boolean;
  /** False while the chain has a heavy step the user has not pressed Run for: nothing starts. */
  approved: boolean;
  /** Set when the result is the opened file itself (its upright size): nothing is rendered. */
  original?: { width: number; height: number };
  /**
   * With automatic saving: the editing session a server job's worker saves the result under.
   * Absent, a signed-in job is sent with gallery=skip and only the user's "Save" keeps it.
   */
  saveAs?: string;
  /** Files the steps read besides the photo (a style photo). */
  attachments?: EditorAttachments;
}

/** What identifies a result: stale when it differs from the current one, and then not offered. */
export const conversionKey = (source: SourceImage, steps: Step[], choice: ExportChoice, attachments: EditorAttachments = {}) =>
  JSON.stringify([source.url, steps, choiceKey(choice, effectiveFormat(source, choice.format, steps)), Object.values(attachments).map((a) => a?.id)]);

/** The format a result will have: the chosen one, or what the source's format becomes. */
export function effectiveFormat(source: SourceImage | undefined, format: OutputFormat | undefined, steps: readonly Step[] = []): OutputFormat | undefined {
  if (format || !source) return format;
  const sourceFormat = sniffFormat(new Uint8Array(source.bytes));
  return sourceFormat && sourceFormat !== "heic" ? defaultFormatFor(sourceFormat, steps) : undefined;
}

/** A worker result as an object URL; the caller revokes it. */
/** Keeps `url` in `ref`, giving back the one it replaces: each result's object URL lives until the next. */
export function replaceUrl(ref: { current: string | undefined }, url: string | undefined): void {
  if (ref.current) URL.revokeObjectURL(ref.current);
  ref.current = url;
}

export function deviceConversion(out: { data: Uint8Array; mime: string; format: OutputFormat; width: number; height: number; quality: number; fits?: boolean }, key: string): Conversion {
  const blob = new Blob([out.data as Uint8Array<ArrayBuffer>], { type: out.mime });
  return { url: URL.createObjectURL(blob), blob, format: out.format, width: out.width, height: out.height, key, quality: out.quality, fits: out.fits };
}

/**
 * Renders the full-size result whenever its inputs change, on the device, as server jobs, or both
 * (server-only steps). A newer request aborts the one in flight (a server job is cancelled; an
 * on-device heavy step ends its worker), so dragging a slider never queues up. `cancel` stops the
 * run in flight until something changes or `rerun` is called. Live edits wait for a pause: the
 * preview shows meanwhile.
 */
export function useConversion(source: SourceImage | undefined, steps: Step[], choice: ExportChoice, where: Where, heavyMode: HeavyMode, mode: ConversionMode = { live: false, approved: true }) {
  const [result, setResult] = useState<Conversion>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [heavy, setHeavy] = useState<HeavyState>({ waiting: false });
  const [cancelled, setCancelled] = useState(false);
  const [runs, setRuns] = useState(0);
  const urlRef = useRef<string | undefined>(undefined);
  const controllerRef = useRef<AbortController | undefined>(undefined);

  // Results of heavy steps for this photo, by the steps that made them; a new photo starts afresh.
  const cache = useMemo(() => new Map<string, Outcome>(), [source]);

  const { live, approved } = mode;
  // Read when a job is sent, not a reason to send one again: turning automatic saving on or off
  // changes what later jobs do, not the result on screen.
  const saveAs = useRef(mode.saveAs);
  saveAs.current = mode.saveAs;
  // One string for the effect: a new object with the same settings changes nothing.
  const choiceJson = JSON.stringify(choice);
  const originalJson = mode.original ? JSON.stringify(mode.original) : "";
  const attachments = mode.attachments;
  useEffect(() => {
    if (!source || !approved) return;
    const controller = new AbortController();
    controllerRef.current = controller;
    setCancelled(false);
    const update = (next: Partial<HeavyState>) => !controller.signal.aborted && setHeavy((old) => ({ ...old, ...next }));
    const heavyHere = where === "device" && steps.some((s) => onDevice.has(s.converter));
    const timer = setTimeout(async () => {
      setBusy(true);
      setHeavy({ waiting: false });
      const choice = JSON.parse(choiceJson) as ExportChoice;
      const key = conversionKey(source, steps, choice, attachments);
      try {
        if (originalJson) {
          // The file itself: its format is the one "Same as input" names, and no pixel is touched.
          const format = effectiveFormat(source, choice.format, steps)!;
          const blob = new Blob([source.bytes], { type: MIME[format] });
          const made: Conversion = { url: URL.createObjectURL(blob), blob, format, ...(JSON.parse(originalJson) as { width: number; height: number }), key, original: true };
          replaceUrl(urlRef, made.url);
          setResult(made);
          setError(undefined);
          return;
        }
        if (live) {
          const format = effectiveFormat(source, choice.format, steps);
          const out = await renderPhoto(source, { steps, ...(format ? exportRequest(choice, format) : { quality: choice.quality, metadata: choice.metadata }) }, controller.signal);
          if (controller.signal.aborted) return;
          const made = deviceConversion(out, key);
          replaceUrl(urlRef, made.url);
          setResult(made);
          setError(undefined);
          return;
        }
        const place: HeavyPlace = heavyHere ? await chooseHeavyPlace(heavyMode, controller.signal) : { onDevice: false };
        const names = [...new Set(steps.filter((s) => onDevice.has(s.converter)).map((s) => converterName(s.converter)))].join(" and ");
        update({ place: heavyHere ? place : undefined, names });
        const hooks = {
          signal: controller.signal,
          cache,
          saveAs: saveAs.current,
          onProgress: (progress: number, eta?: number, waiting = false) => update({ progress, eta, waiting }),
          onStage: (stage: "server" | "device") => update({ stage, progress: undefined, eta: undefined, download: undefined, uploaded: undefined }),
          onUpload: (uploaded: HeavyState["uploaded"]) => update({ uploaded }),
          onDownload: (loaded: number, total: number) => update({ download: loaded < total ? { loaded, total } : undefined }),
          onBackend: (backend: string) => update({ backend }),
          attachments,
        };
        let { blob, format: made, size, galleryId, quality, fits } = await runAnywhere(source, steps, choice, where, hooks, place.onDevice);
        if (!size) {
          const bitmap = await createImageBitmap(blob);
          size = { width: bitmap.width, height: bitmap.height };
          bitmap.close();
        }
        if (controller.signal.aborted) return;
        const url = URL.createObjectURL(blob);
        replaceUrl(urlRef, url);
        setResult({ url, blob, format: made, ...size, key, galleryId, quality, fits });
        setError(undefined);
      } catch (e) {
        if (controller.signal.aborted) return;
        setResult(undefined);
        setError(`Couldn't convert ${source.name}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        if (!controller.signal.aborted) {
          setBusy(false);
          setHeavy((old) => ({ ...old, waiting: false, download: undefined }));
        }
      }
    }, originalJson ? 0 : live ? LIVE_PAUSE_MS : segment(steps, where, heavyHere).some((part) => part.where === "server" || part.heavy) ? 400 : 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source, steps, choiceJson, where, heavyMode, cache, runs, live, approved, originalJson, attachments]);

  const cancel = () => {
    controllerRef.current?.abort();
    setBusy(false);
    setHeavy({ waiting: false });
    setCancelled(true);
  };
  const rerun = () => setRuns((n) => n + 1);

  return { result, error, busy, heavy, cancelled, cancel, rerun, cache };
}
