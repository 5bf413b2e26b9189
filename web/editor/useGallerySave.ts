"use client";
import { useEffect, useRef, useState } from "react";
import type { Step } from "../../converters/pipeline";
import type { SessionUser } from "../session/session";
import type { Conversion, SourceImage } from "./useConversion";
import { thumbnailOnDevice } from "../worker/vips-bridge";

export type SaveState = { state: "saving" } | { state: "saved"; id: string } | { state: "failed"; message: string } | undefined;

/** A result counts as a conversion once it has stood this long: slider drags are not saved. */
const SETTLE_MS = 1500;

/**
 * Saves a signed-in user's finished conversions to their gallery, each once: a server job the
 * worker saved already (galleryId) is only reported; on-device results are posted.
 */
export function useGallerySave(user: SessionUser | null | undefined, source: SourceImage | undefined, steps: Step[], result: Conversion | undefined, busy: boolean): SaveState {
  const [status, setStatus] = useState<SaveState>();
  const saved = useRef(new Map<string, string>());
  const current = useRef<string | undefined>(undefined);

  useEffect(() => {
    setStatus(undefined);
    current.current = result?.key;
    if (!user || !source || !result || busy || steps.length === 0) return;
    if (result.galleryId) saved.current.set(result.key, result.galleryId);
    const known = saved.current.get(result.key);
    if (known) return setStatus({ state: "saved", id: known });
    const timer = setTimeout(async () => {
      setStatus({ state: "saving" });
      const body = new FormData();
      body.append("original", new Blob([source.bytes]), source.name);
      body.append("result", result.blob, `result.${result.format}`);
      body.append("steps", JSON.stringify(steps.map((s) => ({ converter: s.converter, params: s.params ?? {} }))));
      // The thumbnail is made here, where the result was made, so saving costs the server no decode.
      // Without one (the worker could not make it) the server makes it.
      const thumb = await thumbnailOnDevice(await result.blob.arrayBuffer()).catch(() => undefined);
      if (thumb) body.append("thumb", new Blob([thumb.data as Uint8Array<ArrayBuffer>], { type: "image/webp" }), "thumb.webp");
      // Once sent, a save runs to its end even if the user moves on, so it is never made twice.
      const report = (next: SaveState) => current.current === result.key && setStatus(next);
      try {
        const res = await fetch("/api/gallery", { method: "POST", body });
        const answer = (await res.json().catch(() => ({}))) as { id?: string; detail?: string };
        if (res.status !== 201 || !answer.id) throw new Error(answer.detail ?? `the server answered ${res.status}`);
        saved.current.set(result.key, answer.id);
        report({ state: "saved", id: answer.id });
      } catch (e) {
        report({ state: "failed", message: e instanceof Error ? e.message : String(e) });
      }
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // steps and source travel with result.key; the result changes whenever they do.
  }, [user, result, busy]);

  return status;
}
