"use client";
import type { SessionUser } from "../session/session";
import { Icon } from "./icons";
import type { GallerySave } from "./useGallerySave";

/**
 * "Save to gallery" beside Download, for a signed-in user, and what became of the save. Saving
 * is explicit: nothing reaches the gallery unless this is pressed (or automatic saving is on).
 */
export function SaveToGallery({ user, gallery }: { user: SessionUser | null | undefined; gallery: GallerySave }) {
  if (!user) return null;
  const { status, save, why } = gallery;
  return (
    <div className="gallery-save">
      <button
        type="button"
        aria-label="Save to gallery"
        onClick={save}
        disabled={!save}
        title={status?.state === "saved" ? "This result is in your gallery" : (why ?? "Keep this edit in your gallery, with the original and its steps")}
      >
        <Icon name={status?.state === "saved" ? "saved" : "save"} />
        <span className="label">{status?.state === "saving" ? "Saving…" : "Save to gallery"}</span>
      </button>
      <span role="status" aria-label="Gallery save" className="muted message">
        {status?.state === "saved" && (
          <>
            Saved to your <a href="/gallery">gallery</a>
            {status.version && status.version > 1 ? ` (version ${status.version})` : ""}
          </>
        )}
        {status?.state === "failed" && `Not saved to your gallery: ${status.message}`}
      </span>
    </div>
  );
}

/** The panel's setting: save every result on its own, as the editor used to. Off by default. */
export function AutoSaveSetting({ user, on, onChange }: { user: SessionUser | null | undefined; on: boolean; onChange: (on: boolean) => void }) {
  if (!user) return null;
  return (
    <fieldset className="auto-save">
      <legend>Gallery</legend>
      <label>
        <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} />
        Save automatically
      </label>
      <p className="muted hint">
        {on
          ? "Each result is saved once it has stood for a moment. Every save of this photo updates one gallery item."
          : "Only what you save with “Save to gallery” is kept. Every save of this photo updates one gallery item."}{" "}
        Remembered on this device for this account.
      </p>
    </fieldset>
  );
}
