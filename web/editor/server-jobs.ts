import type { OutputFormat } from "../../converters/formats";
import type { Step } from "../../converters/pipeline";

export interface ServerResult {
  blob: Blob;
  format: OutputFormat;
  /** Set when the job was the signed-in user's and the worker saved it to their gallery. */
  galleryId?: string;
}

const FORMAT_BY_MIME: Record<string, OutputFormat> = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp", "image/avif": "avif" };

async function problemText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
  return body.detail ?? body.title ?? `The server answered ${res.status}.`;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/**
 * Runs a pipeline as server jobs, one per step, each fed the previous result. Intermediate
 * results travel as PNG so nothing is lost between steps; the last one is saved in `format`.
 * Polls honour Retry-After; aborting cancels the job on the server. `owned` jobs carry the
 * session cookie, so the worker saves them to the user's gallery; the others are anonymous.
 */
export async function runOnServer(
  input: Blob,
  fileName: string,
  steps: Step[],
  output: { format?: OutputFormat; quality: number },
  onProgress: (progress: number, etaSeconds?: number) => void,
  signal: AbortSignal,
  owned = false,
): Promise<ServerResult> {
  let current = input;
  let format: OutputFormat | undefined;
  let galleryId: string | undefined;
  const credentials: RequestCredentials = owned ? "same-origin" : "omit";
  // With no step there is nothing to ask the server; the original is the result.
  if (steps.length === 0) return { blob: input, format: output.format ?? FORMAT_BY_MIME[input.type] ?? "png" };
  for (const [index, step] of steps.entries()) {
    const last = index === steps.length - 1;
    const body = new FormData();
    body.append("image", current, fileName);
    body.append("converter", step.converter);
    body.append("params", JSON.stringify(step.params ?? {}));
    const stepFormat = last ? output.format : "png";
    if (stepFormat) body.append("format", stepFormat);
    if (last) body.append("quality", String(output.quality));
    const created = await fetch("/api/conversions", { method: "POST", body, signal, credentials });
    if (created.status !== 202) throw new Error(await problemText(created));
    const { id } = (await created.json()) as { id: string };
    const cancel = () => void fetch(`/api/jobs/${id}`, { method: "DELETE", keepalive: true, credentials });
    signal.addEventListener("abort", cancel, { once: true });
    try {
      for (;;) {
        const res = await fetch(`/api/jobs/${id}`, { signal, cache: "no-store", credentials });
        if (res.status === 200) {
          current = await res.blob();
          galleryId = res.headers.get("X-Gallery-Id") ?? undefined;
          format = FORMAT_BY_MIME[res.headers.get("content-type") ?? ""] ?? "png";
          onProgress((index + 1) / steps.length);
          break;
        }
        if (res.status !== 202) throw new Error(await problemText(res));
        const { progress, etaSeconds } = (await res.json()) as { progress: number; etaSeconds?: number };
        onProgress((index + progress) / steps.length, etaSeconds);
        await wait(Number(res.headers.get("Retry-After") ?? 1) * 1000, signal);
      }
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  }
  return { blob: current, format: format ?? "png", galleryId };
}
