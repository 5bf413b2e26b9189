"use client";
import { Icon } from "./icons";
import { useEffect, useState } from "react";
import { EXTENSION } from "../../converters/engine/formats";
import { sizeChange } from "./bytes";
import { FORMAT_LABEL } from "./format-label";
import type { Conversion } from "./useConversion";

export { formatBytes, sizeChange } from "./bytes";

/** The clipboard takes PNG everywhere; other formats are re-encoded for it. */
async function clipboardBlob(blob: Blob): Promise<Blob> {
  if (blob.type === "image/png") return blob;
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: "image/png" });
}

/** Download, Share and Copy: always in view beside the photo, enabled only for a current result. */
/** The result's size and format, and the file size before and after, over the photo. */
export function SizeChange({ before, result }: { before: number; result: Conversion }) {
  return (
    <output className="size" aria-label="Result size">
      {result.width}×{result.height}, {FORMAT_LABEL[result.format]} · {sizeChange(before, result.blob.size)}
    </output>
  );
}

export function OutputActions({ result, current, baseName, originalName }: { result?: Conversion; current: boolean; baseName: string; /** The opened file's name: the file itself keeps it. */ originalName?: string }) {
  const [message, setMessage] = useState<string>();
  const [canShare, setCanShare] = useState(false);
  const ready = result && current ? result : undefined;
  const fileName = ready && (ready.original && originalName ? originalName : `${baseName}-edited.${EXTENSION[ready.format]}`);
  useEffect(() => {
    setMessage(undefined);
    if (!ready || !fileName || typeof navigator.canShare !== "function") return setCanShare(false);
    setCanShare(navigator.canShare({ files: [new File([ready.blob], fileName, { type: ready.blob.type })] }));
  }, [ready, fileName]);

  const share = async () => {
    if (!ready || !fileName) return;
    try {
      await navigator.share({ files: [new File([ready.blob], fileName, { type: ready.blob.type })], title: fileName });
    } catch (error) {
      if ((error as Error).name !== "AbortError") setMessage(`Couldn't share: ${(error as Error).message}`);
    }
  };
  const copy = async () => {
    if (!ready) return;
    try {
      // The promise form keeps Safari's user-gesture window open while the PNG is made.
      await navigator.clipboard.write([new ClipboardItem({ "image/png": clipboardBlob(ready.blob) })]);
      setMessage("Copied to the clipboard");
    } catch (error) {
      setMessage(`Couldn't copy: ${(error as Error).message}`);
    }
  };

  return (
    <div className="output-actions">
      {ready && fileName ? (
        <a className="button primary" href={ready.url} download={fileName}>
          Download
        </a>
      ) : (
        <button type="button" className="primary" disabled title={result ? "The result is out of date: it is being made again" : undefined}>
          Download
        </button>
      )}
      <button type="button" aria-label="Share" onClick={() => void share()} disabled={!ready || !canShare} title={canShare ? "Share the result" : "This browser cannot share files"}>
        <Icon name="share" />
        <span className="label">Share</span>
      </button>
      <button type="button" aria-label="Copy" onClick={() => void copy()} disabled={!ready || typeof ClipboardItem === "undefined"} title="Copy the result to the clipboard">
        <Icon name="copy" />
        <span className="label">Copy</span>
      </button>
      <span role="status" className="muted message">
        {message}
      </span>
    </div>
  );
}
