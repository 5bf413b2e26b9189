"use client";
import { zipSync } from "fflate";
import { useRef, useState } from "react";
import { EXTENSION, type OutputFormat } from "../../converters/formats";
import type { Step } from "../../converters/pipeline";
import { runAnywhere, type Where } from "./run-anywhere";

interface Item {
  name: string;
  progress: number;
  state: "waiting" | "converting" | "done" | "failed";
  out?: { name: string; bytes: Uint8Array };
  error?: string;
}

/** A unique name in the zip for each result: photo.jpg twice becomes photo-edited.jpg and photo-edited-2.jpg. */
function zipName(taken: Set<string>, file: string, format: OutputFormat) {
  const base = `${file.replace(/\.[^.]+$/, "") || "image"}-edited`;
  let name = `${base}.${EXTENSION[format]}`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.${EXTENSION[format]}`;
  taken.add(name);
  return name;
}

/** Several photos through the current pipeline, one progress bar each, downloaded as one zip. */
export function Batch({ steps, format, quality, where }: { steps: Step[]; format?: OutputFormat; quality: number; where: Where }) {
  const [items, setItems] = useState<Item[]>([]);
  const [zip, setZip] = useState<string>();
  const run = useRef<AbortController | undefined>(undefined);

  const start = async (files: File[]) => {
    run.current?.abort();
    const controller = new AbortController();
    run.current = controller;
    if (zip) URL.revokeObjectURL(zip);
    setZip(undefined);
    setItems(files.map((f) => ({ name: f.name, progress: 0, state: "waiting" })));
    const update = (i: number, change: Partial<Item>) => setItems((old) => old.map((item, j) => (j === i ? { ...item, ...change } : item)));
    const taken = new Set<string>();
    const outputs: Record<string, Uint8Array> = {};
    // One at a time: the on-device engine is one worker, and the server queue is shared.
    for (const [i, file] of files.entries()) {
      if (controller.signal.aborted) return;
      update(i, { state: "converting" });
      try {
        const source = { bytes: await file.arrayBuffer(), name: file.name, id: crypto.randomUUID() };
        const hooks = { signal: controller.signal, cache: new Map(), onProgress: (p: number) => update(i, { progress: p }) };
        const outcome = await runAnywhere(source, steps, { format, quality }, where, hooks);
        const name = zipName(taken, file.name, outcome.format);
        outputs[name] = new Uint8Array(await outcome.blob.arrayBuffer());
        update(i, { state: "done", progress: 1, out: { name, bytes: outputs[name]! } });
      } catch (e) {
        if (controller.signal.aborted) return;
        update(i, { state: "failed", error: e instanceof Error ? e.message : String(e) });
      }
    }
    // Images are compressed already: stored, not deflated again.
    if (Object.keys(outputs).length) setZip(URL.createObjectURL(new Blob([zipSync(outputs, { level: 0 }) as Uint8Array<ArrayBuffer>], { type: "application/zip" })));
  };

  const done = items.filter((i) => i.state === "done").length;
  return (
    <section className="batch" aria-label="Batch">
      <h2>Batch</h2>
      <p className="muted">The same steps and output settings for several photos{steps.length ? "" : " (add steps above first)"}.</p>
      <label className="picker">
        Add photos to a batch
        <input type="file" accept="image/*" multiple onChange={(e) => void start([...(e.target.files ?? [])])} />
      </label>
      {items.length > 0 && (
        <ol className="batch-items">
          {items.map((item, i) => (
            <li key={i}>
              <span>{item.name}</span>
              <progress aria-label={`Progress for ${item.name}`} max={1} value={item.progress} />
              <span className={item.state === "failed" ? "error" : "muted"}>
                {item.state === "failed" ? item.error : item.state === "done" ? "Done" : item.state === "converting" ? "Converting…" : "Waiting"}
              </span>
            </li>
          ))}
        </ol>
      )}
      {zip ? (
        <a className="button primary" href={zip} download="images-edited.zip">
          Download zip ({done} of {items.length})
        </a>
      ) : (
        items.length > 0 && (
          <button type="button" className="primary" disabled>
            Download zip
          </button>
        )
      )}
    </section>
  );
}
