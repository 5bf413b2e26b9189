"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { OutputFormat } from "../../../converters/engine/formats";
import type { ExportChoice } from "../export/choice";
import type { Step } from "../../../converters/engine/pipeline";
import { runAnywhere, type Where } from "../run-anywhere";
import { outputName } from "./format";
import { makeThumbnail } from "./thumbnail";

export interface BatchSettings {
  steps: Step[];
  /** Format, quality, metadata, encoder options and target size: each file's own format decides which apply. */
  choice: ExportChoice;
  where: Where;
  /** Heavy steps run on the device, as in the editor, unless the user chose the server for them. */
  heavyOnDevice?: boolean;
}

export interface BatchItem {
  id: string;
  name: string;
  size: number;
  state: "waiting" | "converting" | "done" | "failed";
  progress: number;
  /** Thumbnails (object URLs): undefined while being made, null when the browser cannot show the image. */
  before?: string | null;
  after?: string | null;
  out?: { name: string; blob: Blob; url: string; format: OutputFormat; quality?: number; fits?: boolean };
  error?: string;
  /** The settings (steps and export choice) the result was made with. */
  madeWith?: string;
}

/** What a result depends on; where it ran does not change it. */
export const settingsKey = ({ steps, choice }: BatchSettings) => JSON.stringify([steps, choice]);

/**
 * With no step there is nothing to upload for: the device re-encodes when it can. The server
 * returns a step-less pipeline as it came, so there it gets one step that changes nothing
 * (a turn by 0°), to be decoded and encoded in the chosen format.
 */
function plan(settings: BatchSettings): { steps: Step[]; where: Where } {
  if (settings.steps.length) return { steps: settings.steps, where: settings.where };
  if (window.crossOriginIsolated) return { steps: [], where: "device" };
  return { steps: [{ converter: "rotate", params: { angle: 0 } }], where: "server" };
}

/** A file of the batch, and the object URLs made for it so far (ahead of the render that shows them). */
interface Entry {
  file: File;
  before?: string;
  after?: string;
  out?: { name: string; url: string };
}

const revoke = (...urls: (string | undefined)[]) => urls.forEach((u) => u && URL.revokeObjectURL(u));

/**
 * The batch's files, converted one at a time (the on-device engine is one worker and the server
 * queue is shared) with the settings of the moment each starts. Owns every object URL it makes:
 * revoked when its file is removed, converted again, or the batch unmounts.
 */
export function useBatch(settings: BatchSettings) {
  const [items, setItems] = useState<BatchItem[]>([]);
  const current = useRef(settings);
  useEffect(() => {
    current.current = settings;
  });
  const entries = useRef(new Map<string, Entry>());
  const queue = useRef<string[]>([]);
  const running = useRef<{ id: string; controller: AbortController }>(undefined);
  const pumping = useRef(false);
  // Previews are made one at a time, beside the conversions: each is a decode.
  const previews = useRef(Promise.resolve());

  const update = useCallback((id: string, change: Partial<BatchItem>) => {
    setItems((old) => old.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const preview = useCallback(
    (id: string, which: "before" | "after", image: () => Blob | undefined) => {
      previews.current = previews.current.then(async () => {
        const blob = image();
        if (!blob) return;
        const url = await makeThumbnail(blob);
        // Removed, or converted again, meanwhile: this preview belongs to nothing shown.
        const entry = entries.current.get(id);
        if (!entry || image() !== blob) return revoke(url);
        entry[which] = url;
        update(id, { [which]: url ?? null });
      }).catch(() => {});
    },
    [update],
  );

  const pump = useCallback(async () => {
    if (pumping.current) return;
    pumping.current = true;
    try {
      for (let id = queue.current.shift(); id; id = queue.current.shift()) {
        const entry = entries.current.get(id);
        if (!entry) continue;
        const now = current.current;
        const { steps, where } = plan(now);
        const controller = new AbortController();
        running.current = { id, controller };
        update(id, { state: "converting", progress: 0 });
        try {
          const source = { bytes: await entry.file.arrayBuffer(), name: entry.file.name, id: crypto.randomUUID() };
          const hooks = { signal: controller.signal, cache: new Map(), onProgress: (p: number) => update(id, { progress: p }) };
          const outcome = await runAnywhere(source, steps, now.choice, where, hooks, now.heavyOnDevice);
          if (controller.signal.aborted) continue;
          const taken = new Set([...entries.current.values()].flatMap((e) => (e.out ? [e.out.name] : [])));
          const name = outputName(taken, entry.file.name, outcome.format);
          entry.out = { name, url: URL.createObjectURL(outcome.blob) };
          const out = { ...entry.out, blob: outcome.blob, format: outcome.format, quality: outcome.quality, fits: outcome.fits };
          update(id, { state: "done", progress: 1, out, madeWith: settingsKey(now) });
          // The result's own preview: a crop or a turn shows.
          preview(id, "after", () => (entries.current.get(id)?.out?.url === out.url ? outcome.blob : undefined));
        } catch (e) {
          if (controller.signal.aborted) continue;
          update(id, { state: "failed", progress: 0, error: e instanceof Error ? e.message : String(e), madeWith: settingsKey(now) });
        } finally {
          running.current = undefined;
        }
      }
    } finally {
      pumping.current = false;
    }
  }, [preview, update]);

  const add = useCallback(
    (files: File[]) => {
      const added = files.map((file): BatchItem => ({ id: crypto.randomUUID(), name: file.name, size: file.size, state: "waiting", progress: 0 }));
      added.forEach((item, i) => entries.current.set(item.id, { file: files[i]! }));
      setItems((old) => [...old, ...added]);
      for (const { id } of added) preview(id, "before", () => entries.current.get(id)?.file);
      queue.current.push(...added.map((i) => i.id));
      void pump();
    },
    [preview, pump],
  );

  const drop = useCallback((ids: string[]) => {
    const gone = new Set(ids);
    for (const id of ids) {
      const entry = entries.current.get(id);
      if (entry) revoke(entry.before, entry.after, entry.out?.url);
      entries.current.delete(id);
    }
    queue.current = queue.current.filter((id) => !gone.has(id));
    if (running.current && gone.has(running.current.id)) running.current.controller.abort();
    setItems((old) => old.filter((i) => !gone.has(i.id)));
  }, []);

  const remove = useCallback((id: string) => drop([id]), [drop]);
  const clear = useCallback(() => drop([...entries.current.keys()]), [drop]);

  /** Converts the finished files again with the current settings (their sources are kept). */
  const again = useCallback(
    (all: string[]) => {
      const ids = all.filter((id) => running.current?.id !== id && !queue.current.includes(id));
      for (const id of ids) {
        const entry = entries.current.get(id);
        if (!entry) continue;
        revoke(entry.after, entry.out?.url);
        entry.after = entry.out = undefined;
      }
      const redo = new Set(ids);
      setItems((old) => old.map((i) => (redo.has(i.id) ? { ...i, state: "waiting", progress: 0, out: undefined, after: undefined, error: undefined, madeWith: undefined } : i)));
      queue.current.push(...ids);
      void pump();
    },
    [pump],
  );

  // Leaving: stop the running file and give every URL back.
  useEffect(() => {
    const all = entries.current;
    return () => {
      queue.current = [];
      running.current?.controller.abort();
      for (const entry of all.values()) revoke(entry.before, entry.after, entry.out?.url);
      all.clear();
    };
  }, []);

  return { items, add, remove, clear, again };
}
