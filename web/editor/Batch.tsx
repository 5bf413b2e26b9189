"use client";
import type { DragEvent } from "react";
import type { Step } from "../../converters/engine/pipeline";
import styles from "./Batch.module.css";
import { formatBytes, sizeChange } from "./batch/format";
import { type ExportChoice } from "./export/choice";
import { METADATA_LABEL } from "./export/MetadataField";
import { FORMAT_LABEL } from "./format-label";
import { type BatchItem, settingsKey, useBatch } from "./batch/useBatch";
import { useZip } from "./batch/useZip";
import type { Where } from "./run-anywhere";

/** What the batch will do with each photo, in words: the Output settings above, as they apply to each file. */
function describe(steps: Step[], { format, quality, targetKB, metadata }: ExportChoice): string {
  const how = targetKB ? `at most ${targetKB} KB where its encoding allows` : format === "png" ? "" : `quality ${quality}`;
  const saved = `${format ? `as ${FORMAT_LABEL[format]}` : "in its own format"}${how ? `, ${how}` : ""}, metadata ${METADATA_LABEL[metadata]}`;
  return steps.length
    ? `Each photo goes through the ${steps.length === 1 ? "step" : `${steps.length} steps`} above and is saved ${saved}.`
    : `No steps: each photo is saved again ${saved}.`;
}

/** With a target size: the quality it got, or that it could not fit. */
function targetNote({ quality, fits }: { quality?: number; fits?: boolean }): string | undefined {
  if (fits === false) return "over the target: the smallest possible";
  return fits && quality ? `quality ${quality}` : undefined;
}

/** A thumbnail; an empty box while it is made, an outlined one when there is none (not an image, or failed). */
function Thumb({ url, alt }: { url: string | null | undefined; alt: string }) {
  if (url) return <img className={styles.thumb} src={url} alt={alt} decoding="async" />;
  return <span className={styles.thumb} data-missing={url === null || undefined} aria-hidden="true" />;
}

function Row({ item, onRemove }: { item: BatchItem; onRemove: () => void }) {
  return (
    <li className={styles.row} data-state={item.state}>
      <div className={styles.thumbs}>
        <Thumb url={item.before} alt={`Before: ${item.name}`} />
        <span className={styles.arrow} aria-hidden="true">
          →
        </span>
        <Thumb url={item.state === "failed" ? null : item.after} alt={`After: ${item.name}`} />
      </div>
      <p className={styles.name} title={item.name}>
        {item.name}
      </p>
      <button type="button" className={styles.remove} aria-label={`Remove ${item.name}`} title="Remove" onClick={onRemove}>
        ×
      </button>
      <div className={styles.info}>
        {item.state === "waiting" && <span className={styles.muted}>{formatBytes(item.size)}, waiting</span>}
        {item.state === "converting" && (
          <>
            <progress className={styles.progress} aria-label={`Progress for ${item.name}`} max={1} value={item.progress || undefined} />
            <span className={styles.muted}>Converting…</span>
          </>
        )}
        {item.state === "failed" && <span className={styles.muted}>{formatBytes(item.size)}, not converted</span>}
        {item.state === "done" && item.out && (
          <>
            <span className={styles.sizes}>
              {sizeChange(item.size, item.out.blob.size)}
              {targetNote(item.out) && <span className={styles.muted}> · {targetNote(item.out)}</span>}
            </span>
            <a className={styles.download} href={item.out.url} download={item.out.name} aria-label={`Download ${item.out.name}`}>
              Download
            </a>
          </>
        )}
      </div>
      {item.state === "failed" && (
        <p role="alert" className={styles.error}>
          {item.error || "This photo could not be converted."}
        </p>
      )}
    </li>
  );
}

/**
 * Several photos through the current pipeline (or, with no steps, into the chosen format), each
 * with its before and after, its sizes and its own download, and all of them as one zip. Needs no
 * photo open in the editor; fits a 300 px side panel as well as a phone's width.
 */
export function Batch({ steps, choice, where, heavyOnDevice }: { steps: Step[]; choice: ExportChoice; where: Where; heavyOnDevice?: boolean }) {
  const settings = { steps, choice, where, heavyOnDevice };
  const { items, add, remove, clear, again } = useBatch(settings);
  const zip = useZip(items);

  const done = items.filter((i) => i.state === "done").length;
  const failed = items.filter((i) => i.state === "failed").length;
  const pending = items.length - done - failed;
  const key = settingsKey(settings);
  const stale = items.filter((i) => (i.state === "done" || i.state === "failed") && i.madeWith !== key);

  // Files dropped here join the batch rather than open in the editor.
  const onDrop = (e: DragEvent) => {
    const files = [...e.dataTransfer.files].filter((f) => f.type.startsWith("image/") || !f.type);
    if (!files.length) return;
    e.preventDefault();
    e.stopPropagation();
    add(files);
  };

  return (
    <section className={styles.batch} aria-label="Batch" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <div className={styles.head}>
        <h2 className={styles.title}>Batch</h2>
        <p className={styles.muted}>{describe(steps, choice)}</p>
      </div>
      <div className={styles.toolbar}>
        <label className={`picker ${styles.picker}`}>
          Add photos to a batch
          <input
            type="file"
            accept="image/*"
            multiple
            onChange={(e) => {
              add([...(e.target.files ?? [])]);
              // The same photos may be added again.
              e.target.value = "";
            }}
          />
        </label>
        {items.length > 0 && (
          <button type="button" className={styles.secondary} onClick={clear}>
            Clear batch
          </button>
        )}
      </div>

      {items.length > 0 && (
        <p role="status" className={styles.muted}>
          {pending ? `Converting: ${done + failed} of ${items.length} finished.` : `${done} of ${items.length} converted.`}
          {failed > 0 && ` ${failed} failed.`}
        </p>
      )}

      {stale.length > 0 && (
        <div className={styles.stale}>
          <span>
            The settings changed since {stale.length === 1 ? "one photo was" : `${stale.length} photos were`} converted.
          </span>
          <button type="button" className={styles.secondary} onClick={() => again(stale.map((i) => i.id))}>
            Convert again
          </button>
        </div>
      )}

      {items.length > 0 && (
        <ul className={styles.list} aria-label="Batch files">
          {items.map((item) => (
            <Row key={item.id} item={item} onRemove={() => remove(item.id)} />
          ))}
        </ul>
      )}

      {zip ? (
        <a className={`button primary ${styles.zip}`} href={zip} download="images-edited.zip">
          Download zip ({done} of {items.length})
        </a>
      ) : (
        items.length > 0 && (
          <button type="button" className={`primary ${styles.zip}`} disabled>
            Download zip
          </button>
        )
      )}
    </section>
  );
}
