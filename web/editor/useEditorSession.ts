"use client";
import { useEffect, useRef } from "react";
import { type MetadataMode, parseEncoder } from "../../converters/engine/encoder-options";
import type { OutputFormat } from "../../converters/engine/formats";
import type { ExportChoice } from "./export/choice";
import { type EditorSession, openStore, type SavedSource } from "../jobs/store";
import type { SourceImage, Where } from "./useConversion";
import type { EditorStep } from "./pipeline-state";
import { requestSteps } from "../jobs/http";
import { galleryItemToEdit } from "./edit-again";
import { type Restored, sourceFrom } from "./restored";

export type { Restored };

/** Saved export settings as a choice: only the fields that were saved, so the rest keep their defaults. */
function savedChoice(saved: { format?: string; quality?: number; metadata?: string; encoder?: { format: string; options: Record<string, unknown> }; targetKB?: number }): Partial<ExportChoice> {
  // Options saved by an older version may no longer fit the schema: those start from the defaults.
  const encoder = saved.encoder && parseEncoder(saved.encoder.format as OutputFormat, saved.encoder.options);
  return {
    format: saved.format as OutputFormat | undefined,
    ...(saved.quality && { quality: saved.quality }),
    ...(saved.metadata && { metadata: saved.metadata as MetadataMode }),
    ...(encoder?.ok && { encoder: { format: saved.encoder!.format as OutputFormat, options: encoder.value } }),
    ...(saved.targetKB && { targetKB: saved.targetKB }),
  };
}

/**
 * The editor outlives a reload and opens in a new tab where it was: the photo and the pipeline
 * are kept in IndexedDB, so a server job still running is found again (the service worker kept
 * polling it). A photo shared to the installed app (`/?shared=1`) opens instead, and so does a
 * gallery item's original with its steps (`/?edit=<id>`, "Edit again").
 */
export function useEditorSession(
  state: { source?: SourceImage; steps: EditorStep[]; past: EditorStep[][]; future: EditorStep[][]; approved?: string; choice: ExportChoice; where: Where },
  onRestore: (restored: Restored | { notice: string } | undefined) => void,
) {
  const loaded = useRef(false);
  const savedSourceId = useRef<string | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      let restored: Restored | { notice: string } | undefined;
      try {
        const store = await openStore();
        const query = new URLSearchParams(location.search);
        const shared = query.get("shared");
        // Opened from a "your image is ready" notification: that job's photo and step.
        const job = query.get("job") ? await store.get("jobs", query.get("job")!) : undefined;
        if (query.get("job")) history.replaceState(null, "", "/");
        const incoming = shared ? await store.get("shared", "incoming") : undefined;
        if (shared) history.replaceState(null, "", "/");
        const edit = query.get("edit");
        if (edit) history.replaceState(null, "", "/");
        if (edit) {
          restored = await galleryItemToEdit(edit);
        } else if (job) {
          const { request } = job;
          restored = {
            // The job's dedupe key starts with its photo's id: the same id finds the same job.
            source: await sourceFrom(request.image, request.fileName, job.dedupe.split("|")[0]),
            steps: requestSteps(request),
            // It already ran: what the notification opens is that job's result, not a new question.
            approved: "job",
            choice: savedChoice({ format: request.format, quality: request.quality, metadata: request.metadata, encoder: request.format && request.encoder ? { format: request.format, options: request.encoder } : undefined, targetKB: request.targetBytes && request.targetBytes / 1000 }),
          };
        } else if (incoming && "file" in incoming) {
          await store.delete("shared", "incoming");
          restored = { source: await sourceFrom(incoming.file, incoming.fileName) };
        } else if (shared) {
          restored = {
            notice:
              shared === "unsupported"
                ? "The shared photo did not arrive: open the app once while online, then share again."
                : "Nothing usable was shared: send a photo (JPEG, PNG, WebP, AVIF, GIF or TIFF).",
          };
        } else {
          const [source, editor] = (await Promise.all([store.get("session", "source"), store.get("session", "editor")])) as [SavedSource?, EditorSession?];
          if (source) {
            savedSourceId.current = source.id;
            restored = { source: await sourceFrom(source.blob, source.fileName, source.id) };
            if (editor?.sourceId === source.id) Object.assign(restored, { steps: editor.steps, past: editor.past, future: editor.future, approved: editor.approved, choice: savedChoice(editor), where: editor.where });
          }
        }
      } catch {
        restored = undefined; // no IndexedDB (private mode in some browsers): start empty
      }
      if (cancelled) return;
      loaded.current = true;
      onRestore(restored);
    })();
    return () => {
      cancelled = true;
    };
    // Once, on mount.
  }, []);

  const { source, steps, past, future, approved, choice, where } = state;
  const { format, quality, metadata, encoder, targetKB } = choice;
  useEffect(() => {
    if (!loaded.current || !source) return;
    const timer = setTimeout(async () => {
      const store = await openStore().catch(() => undefined);
      if (!store) return;
      if (savedSourceId.current !== source.id) {
        await store.put("session", { name: "source", blob: new Blob([source.bytes]), fileName: source.name, id: source.id });
        savedSourceId.current = source.id;
      }
      await store.put("session", { name: "editor", sourceId: source.id, steps, past, future, approved, format, quality, metadata, encoder, targetKB, where });
    }, 300);
    return () => clearTimeout(timer);
  }, [source, steps, past, future, approved, format, quality, metadata, encoder, targetKB, where]);
}
