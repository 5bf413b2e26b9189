"use client";
import type { OriginalDownload } from "./original-file";

/** What Download gives while no step is on: the file itself, or a new encoding and why. */
export function DownloadNote({ download, fileName }: { download: OriginalDownload; fileName: string }) {
  return (
    <p className="muted hint download-note" role="status" aria-label="What Download gives">
      {download.kind === "original" && `Download gives ${fileName} as it is, byte for byte: no step is on.`}
      {download.kind === "encoded" && `Download encodes the photo again: ${download.why}.`}
      {download.kind === "pending" && "Reading the file's metadata…"}
    </p>
  );
}
