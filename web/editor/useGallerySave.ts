"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { multipart, problemOf } from "../../contract/client";
import { api } from "../jobs/api";
import type { Step } from "../../converters/engine/pipeline";
import type { SessionUser } from "../session/session";
import type { Conversion, SourceImage } from "./useConversion";
import { thumbnailOnDevice } from "../worker/vips-bridge";

export type SaveState = { state: "saving" } | { state: "saved"; id: string; version?: number } | { state: "failed"; message: string } | undefined;

export interface GallerySave {
  status: SaveState;
  /** Saves the current result now (the "Save to gallery" button); undefined while there is nothing to save. */
  save?: () => void;
  /** Why there is nothing to save, for the button's title. */
  why?: string;
}

/** With automatic saving, a result counts once it has stood this long: slider drags are not saved. */
const SETTLE_MS = 1500;

/**
 * Saves a signed-in user's result to their gallery: when "Save to gallery" is pressed, or on its
 * own with automatic saving on. Every save names the editing session (the opened photo's id),
 * so the gallery keeps one item per photo and each save is its newest version. Each result is
 * saved once: a server job the worker saved already (galleryId) is only reported.
 */
export function useGallerySave(user: SessionUser | null | undefined, source: SourceImage | undefined, steps: Step[], result: Conversion | undefined, busy: boolean, autoSave: boolean): GallerySave {
  const [status, setStatus] = useState<SaveState>();
  const saved = useRef(new Map<string, { id: string; version?: number }>());
  const current = useRef<string | undefined>(undefined);
  const ready = Boolean(user && source && result && !busy && steps.length > 0);

  const post = useCallback(async () => {
    if (!source || !result) return;
    setStatus({ state: "saving" });
    // The thumbnail is made here, where the result was made, so saving costs the server no decode.
    // Without one (the worker could not make it) the server makes it.
    const thumb = await thumbnailOnDevice(await result.blob.arrayBuffer()).catch(() => undefined);
    const body = {
      original: new File([source.bytes], source.name),
      result: new File([result.blob], `result.${result.format}`, { type: result.blob.type }),
      steps: JSON.stringify(steps.map((s) => ({ converter: s.converter, params: s.params ?? {} }))),
      editSession: source.id,
      ...(thumb && { thumb: new File([new Uint8Array(thumb.data)], "thumb.webp", { type: "image/webp" }) }),
    };
    // Once sent, a save runs to its end even if the user moves on, so it is never made twice.
    const report = (next: SaveState) => current.current === result.key && setStatus(next);
    try {
      const { data: answer, error, response } = await api.POST("/api/gallery", { body, bodySerializer: (fields) => multipart(fields) });
      if (!answer) throw problemOf(response, error);
      saved.current.set(result.key, { id: answer.id, version: answer.version });
      report({ state: "saved", id: answer.id, version: answer.version });
    } catch (e) {
      report({ state: "failed", message: e instanceof Error ? e.message : String(e) });
    }
    // steps and source travel with result.key; the result changes whenever they do.
  }, [result]);

  useEffect(() => {
    setStatus(undefined);
    current.current = result?.key;
    if (!ready || !result) return;
    if (result.galleryId) saved.current.set(result.key, { id: result.galleryId });
    const known = saved.current.get(result.key);
    if (known) return setStatus({ state: "saved", ...known });
    if (!autoSave) return;
    const timer = setTimeout(() => void post(), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [ready, result, autoSave, post]);

  const why = !source ? "Open a photo first" : steps.length === 0 ? "Add a step first: the gallery keeps edits" : !result || busy ? "The result is being made" : undefined;
  const idle = status?.state !== "saving" && status?.state !== "saved";
  return { status, save: user && !why && idle ? () => void post() : undefined, why };
}
