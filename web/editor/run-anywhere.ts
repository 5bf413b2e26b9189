import { type OutputFormat, sniffFormat } from "../../converters/engine/formats";
import { defaultFormatFor } from "../../converters/engine/output-format";
import type { Step } from "../../converters/engine/pipeline";
import type { JobAttachments } from "../../converters/types";
import { heavyStart, processHeavyOnDevice, processOnDevice } from "../worker/vips-bridge";
import { type ExportChoice, exportRequest } from "./export/choice";
import { runOnServer } from "./server-jobs";
import { ProgressClock } from "./progress-eta";
import { attachmentOf, segment, type Where } from "./segments";
import { fitUpload, type Upload } from "./upload";

export { converterName, deviceMaxSide, onDevice, segment, type Segment, type Where } from "./segments";

export interface Outcome {
  blob: Blob;
  format: OutputFormat;
  /** Known when the device made it; a server result is measured by the caller. */
  size?: { width: number; height: number };
  /** The gallery item the worker saved, when one server job was the whole conversion. */
  galleryId?: string;
  /** The quality used: with a target size, the one the search chose. */
  quality?: number;
  /** With a target size: false when even the lowest quality is over it (this is then the smallest file). */
  fits?: boolean;
}

export interface RunHooks {
  signal: AbortSignal;
  /** The running heavy step's progress (server job or on-device dream), all of them as one share. */
  onProgress: (progress: number, etaSeconds?: number, waitingForNetwork?: boolean) => void;
  /** Which kind of heavy step is running now, so the page can say where the work happens. */
  onStage?: (stage: "server" | "device") => void;
  /** An on-device heavy step's engine download (the first time only) and which engine it runs on. */
  onDownload?: (loaded: number, total: number) => void;
  onBackend?: (backend: string) => void;
  /** Server results by segment key, so changing a later on-device step does not dream again. */
  cache: Map<string, Outcome>;
  /** The editing session the worker saves a signed-in job's result under (automatic saving); absent, it does not save it. */
  saveAs?: string;
  /** What a server job is sent: its bytes, and the size it was shrunk to when it was. */
  onUpload?: (upload: { bytes: number; shrunk?: Upload["shrunk"] }) => void;
  /** Files the steps read besides the photo (style transfer's style photo); `id` names the file in result caches. */
  attachments?: EditorAttachments;
}

/** The files the editor holds for steps that read one (a meta's `attachment`). */
export type EditorAttachments = Partial<Record<keyof JobAttachments, { bytes: ArrayBuffer; name: string; id: string }>>;

/** The part of a cache key that names the attached files a part's steps read. */
function attachmentKey(steps: Step[], attachments: EditorAttachments | undefined): string {
  const read = steps.flatMap((s) => {
    const reads = attachmentOf(s.converter);
    return reads && s.params?.[reads.param] === reads.value ? [`${reads.field}=${attachments?.[reads.field]?.id ?? "none"}`] : [];
  });
  return read.length ? `|${read.join(",")}` : "";
}

/** Runs a pipeline segment by segment; in between, images travel as lossless PNG. */
export async function runAnywhere(
  source: { bytes: ArrayBuffer; name: string; id: string },
  steps: Step[],
  output: ExportChoice,
  where: Where,
  hooks: RunHooks,
  heavyOnDevice = false,
): Promise<Outcome> {
  const sourceFormat = sniffFormat(new Uint8Array(source.bytes));
  const finalFormat = output.format ?? (sourceFormat && sourceFormat !== "heic" ? defaultFormatFor(sourceFormat, steps) : undefined);
  const parts = segment(steps, where, heavyOnDevice);
  // No steps is still an export: the chosen format, metadata and size, not the file as it came
  // (with its GPS position), wherever conversions run.
  if (parts.length === 0) parts.push({ where, steps: [], key: "[]" });
  const heavyParts = parts.filter((p) => p.where === "server" || p.heavy);
  // One server job that is the whole conversion is saved by the worker (the page may close);
  // pieces of a longer pipeline stay anonymous, and the page saves the finished chain instead.
  const owned = parts.length === 1 && parts[0]!.where === "server" && steps.length > 0;
  let current: Outcome = { blob: new Blob([source.bytes]), format: finalFormat ?? "png" };
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    // In between, a lossless PNG that keeps the metadata the final encode will filter.
    const request = last && finalFormat ? exportRequest(output, finalFormat) : { format: last ? finalFormat : ("png" as const), quality: output.quality, metadata: output.metadata };
    const { format } = request;
    const cacheKey = `${part.key}|${JSON.stringify(request)}${attachmentKey(part.steps, hooks.attachments)}`;
    const style = hooks.attachments?.style;
    const done = heavyParts.indexOf(part);
    const report = (p: number, eta?: number, waiting?: boolean) => hooks.onProgress((done + p) / heavyParts.length, eta, waiting);
    if (part.heavy) {
      hooks.onStage?.("device");
      // Kept apart from server results: the device's is smaller (its size cap).
      const deviceKey = `device|${cacheKey}`;
      let outcome = hooks.cache.get(deviceKey);
      if (!outcome) {
        const bytes = await current.blob.arrayBuffer();
        // Timed like a server job: time left from the rate of progress, and the run's own time
        // (downloads left out) kept as this device's speed for the next estimate.
        const { deviceRunModel } = await import("./device-run");
        const model = deviceRunModel(bytes, part.steps[0]!, heavyStart(part.steps[0]!.converter));
        const started = performance.now();
        const clock = new ProgressClock(started, model.seconds);
        let downloading = 0;
        let downloadStart: number | undefined;
        const deviceHooks = {
          onProgress: (p: number) => report(p, clock.report(p, performance.now())),
          onDownload: (loaded: number, total: number) => {
            const now = performance.now();
            downloadStart ??= now;
            if (loaded >= total) {
              downloading += now - downloadStart;
              downloadStart = undefined;
              clock.restart(now);
            }
            hooks.onDownload?.(loaded, total);
          },
          onBackend: hooks.onBackend ?? (() => {}),
        };
        report(0, clock.secondsLeft(started));
        const attached = style && { attachments: { style: new Uint8Array(style.bytes.slice(0)) } };
        const out = await processHeavyOnDevice(bytes, { steps: part.steps, ...request, ...attached }, deviceHooks, hooks.signal);
        model.record((performance.now() - started - downloading) / 1000);
        outcome = { blob: new Blob([out.data as Uint8Array<ArrayBuffer>], { type: out.mime }), format: out.format, size: { width: out.width, height: out.height }, quality: out.quality, fits: out.fits };
        hooks.cache.set(deviceKey, outcome);
      }
      current = outcome;
    } else if (part.where === "server") {
      hooks.onStage?.("server");
      const dedupe = `${source.id}|${cacheKey}`;
      const cached = hooks.cache.get(cacheKey);
      if (cached) current = cached;
      else {
        const gallery = { save: Boolean(hooks.saveAs), editSession: hooks.saveAs ?? source.id };
        // No more than the steps use, within the server's limits: shrunk and encoded on the device.
        const upload = await fitUpload(current.blob, part.steps, request.metadata, hooks.signal);
        hooks.onUpload?.({ bytes: upload.blob.size, shrunk: upload.shrunk });
        const styleBlob = style && attachmentKey(part.steps, hooks.attachments) ? new File([style.bytes], style.name) : undefined;
        const done = await runOnServer(upload.blob, source.name, upload.steps, request, report, hooks.signal, owned, `${dedupe}${attachmentKey(part.steps, hooks.attachments)}`, gallery, styleBlob);
        current = { ...done, quality: done.exported?.quality, fits: done.exported?.fits };
      }
      hooks.cache.set(cacheKey, current);
    } else {
      // The worker gets its own copy: transferring would detach the page's buffer.
      const bytes = await current.blob.arrayBuffer();
      const out = await processOnDevice(bytes, { steps: part.steps, ...request }, hooks.signal);
      const blob = new Blob([out.data as Uint8Array<ArrayBuffer>], { type: out.mime });
      current = { blob, format: out.format, size: { width: out.width, height: out.height }, quality: out.quality, fits: out.fits };
    }
  }
  return current;
}
