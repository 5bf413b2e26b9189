"use client";
import { useEffect, useRef, useState } from "react";
import { CompareView } from "../editor/CompareView";
import { chainName, type GalleryItem, names, stepSettings, when } from "./types";

/** One item, opened: original against result, download, delete (after a second click). */
export function ItemDialog({ item, onClose, onDeleted }: { item: GalleryItem; onClose: () => void; onDeleted: (id: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const name = chainName(item.converter);

  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  const remove = async () => {
    setError(undefined);
    const res = await fetch(`/api/gallery/${item.id}`, { method: "DELETE" }).catch(() => undefined);
    if (res?.status === 204 || res?.status === 404) return onDeleted(item.id);
    setError(res ? `Could not delete it (the server answered ${res.status}); try again.` : "Could not reach the server; try again.");
  };

  return (
    <dialog ref={ref} className="item" aria-label={`${name}, ${when(item.createdAt)}`} onClose={onClose}>
      <header className="toolbar">
        <h3>{name}</h3>
        <span className="muted">
          {when(item.createdAt)} · {item.width}×{item.height}
        </span>
        <button type="button" className="close" onClick={() => ref.current?.close()}>
          Close
        </button>
      </header>
      <ol className="chain" aria-label="Steps">
        {(item.steps ?? []).map((step, i) => {
          const settings = stepSettings(step);
          return (
            <li key={i}>
              {names.get(step.converter) ?? step.converter}
              {settings && <span className="muted"> ({settings})</span>}
            </li>
          );
        })}
      </ol>
      <CompareView original={item.original} result={item.result} busy={false} />
      <div className="toolbar">
        <a className="button primary" href={item.result} download={`${item.converter.replaceAll(",", "-")}-${item.id.slice(0, 8)}`}>
          Download
        </a>
        {confirming ? (
          <>
            <span>Delete this item for good?</span>
            <button type="button" className="danger" onClick={() => void remove()}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </dialog>
  );
}
