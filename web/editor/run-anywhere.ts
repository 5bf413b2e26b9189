import descriptions from "../../converters/descriptions.generated.json";
import { defaultOutputFor, type OutputFormat, sniffFormat } from "../../converters/formats";
import type { Step } from "../../converters/pipeline";
import type { ConverterDescription } from "../../converters/registry";
import { processOnDevice } from "../worker/vips-bridge";
import { runOnServer } from "./server-jobs";

export type Where = "device" | "server";

export interface Segment {
  where: Where;
  steps: Step[];
  /** Steps up to and including this segment: what its result depends on. */
  key: string;
}

const runsOn = new Map((descriptions as ConverterDescription[]).map((c) => [c.id, c.runsOn]));

/**
 * Splits a pipeline by where each step can run. On the server everything runs there; on the
 * device, a server-only step (DeepDream) becomes a server job between on-device runs.
 */
export function segment(steps: Step[], where: Where): Segment[] {
  const out: Segment[] = [];
  steps.forEach((step, i) => {
    const at: Where = where === "server" || runsOn.get(step.converter) === "server" ? "server" : "device";
    const last = out.at(-1);
    const key = JSON.stringify(steps.slice(0, i + 1));
    if (last?.where === at) {
      last.steps.push(step);
      last.key = key;
    } else out.push({ where: at, steps: [step], key });
  });
  return out;
}

export interface Outcome {
  blob: Blob;
  format: OutputFormat;
  /** Known when the device made it; a server result is measured by the caller. */
  size?: { width: number; height: number };
  /** The gallery item the worker saved, when one server job was the whole conversion. */
  galleryId?: string;
}

export interface RunHooks {
  signal: AbortSignal;
  onProgress: (progress: number, etaSeconds?: number, waitingForNetwork?: boolean) => void;
  /** Server results by segment key, so changing a later on-device step does not dream again. */
  cache: Map<string, Outcome>;
}

/** Runs a pipeline segment by segment; in between, images travel as lossless PNG. */
export async function runAnywhere(
  source: { bytes: ArrayBuffer; name: string; id: string },
  steps: Step[],
  output: { format?: OutputFormat; quality: number },
  where: Where,
  hooks: RunHooks,
): Promise<Outcome> {
  const sourceFormat = sniffFormat(new Uint8Array(source.bytes));
  const finalFormat = output.format ?? (sourceFormat && sourceFormat !== "heic" ? defaultOutputFor(sourceFormat) : undefined);
  const parts = segment(steps, where);
  const serverParts = parts.filter((p) => p.where === "server");
  // One server job that is the whole conversion is saved by the worker (the page may close);
  // pieces of a longer chain stay anonymous, and the page saves the finished chain instead.
  const owned = parts.length === 1 && parts[0]!.where === "server" && parts[0]!.steps.length === 1;
  let current: Outcome = { blob: new Blob([source.bytes]), format: finalFormat ?? "png" };
  if (where === "device" && parts.length === 0) parts.push({ where: "device", steps: [], key: "[]" });
  for (const [i, part] of parts.entries()) {
    const format = i === parts.length - 1 ? finalFormat : "png";
    const cacheKey = `${part.key}|${format}|${output.quality}`;
    if (part.where === "server") {
      const done = serverParts.indexOf(part);
      const report = (p: number, eta?: number, waiting?: boolean) => hooks.onProgress((done + p) / serverParts.length, eta, waiting);
      const dedupe = `${source.id}|${cacheKey}`;
      current = hooks.cache.get(cacheKey) ?? (await runOnServer(current.blob, source.name, part.steps, { format, quality: output.quality }, report, hooks.signal, owned, dedupe));
      hooks.cache.set(cacheKey, current);
    } else {
      // The worker gets its own copy: transferring would detach the page's buffer.
      const bytes = await current.blob.arrayBuffer();
      const out = await processOnDevice(bytes, { steps: part.steps, format, quality: output.quality }, hooks.signal);
      const blob = new Blob([out.data as Uint8Array<ArrayBuffer>], { type: out.mime });
      current = { blob, format: out.format, size: { width: out.width, height: out.height } };
    }
  }
  return current;
}
