"use client";
import { useEffect, useRef, useState } from "react";
import { api } from "../jobs/api";
import { CompareView } from "../editor/CompareView";
import { chainName, EDIT_AGAIN_KEY, type GalleryItem, itemLabel, itemTitle, names, stepSettings, when } from "./types";

/** The download's name: the photo's own with "-edited", as the editor's Download names it. */
function downloadName(item: GalleryItem): string {
  const stem = item.fileName?.replace(/\.[^.]*$/, "");
  return stem ? `${stem}-edited` : `${item.converter.replaceAll(",", "-")}-${item.id.slice(0, 8)}`;
}

/**
 * "Edit again": the editor opens the item's original with its steps (useEditorSession). The item
 * goes along in sessionStorage, so the editor needs no request for it, offline included.
 */
function editAgain(item: GalleryItem) {
  try {
    sessionStorage.setItem(EDIT_AGAIN_KEY, JSON.stringify(item));
  } catch {
    // No storage (a locked-down browser): the editor asks the server for the item instead.
  }
}

/** One item, opened: original against result, its steps, download, edit again, delete (after a second click). */
export function ItemDialog({ item, onClose, onDeleted }: { item: GalleryItem; onClose: () => void; onDeleted: (id: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const name = itemTitle(item);

  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  const remove = async () => {
    setError(undefined);
    const res = (await api.DELETE("/api/gallery/{id}", { params: { path: { id: item.id } } }).catch(() => undefined))?.response;
    if (res?.status === 204 || res?.status === 404) return onDeleted(item.id);
    setError(res ? `Could not delete it (the server answered ${res.status}); try again.` : "Could not reach the server; try again.");
  };

  return (
    <dialog ref={ref} className="item" aria-label={itemLabel(item)} onClose={onClose}>
      <header className="toolbar">
        <h3>{name}</h3>
        <span className="muted">
          {item.fileName && `${chainName(item.converter)} · `}
          {when(item.updatedAt ?? item.createdAt)} · {item.width}×{item.height}
          {item.version > 1 && ` · version ${item.version}`}
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
        <a className="button primary" href={item.result} download={downloadName(item)}>
          Download
        </a>
        <a className="button" href={`/?edit=${encodeURIComponent(item.id)}`} onClick={() => editAgain(item)} title="Open the original in the editor with these steps; saving it again updates this item">
          Edit again
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
