"use client";
import { zipSync } from "fflate";
import { useEffect, useState } from "react";
import type { BatchItem } from "./useBatch";

/**
 * Once no file is waiting or converting, every result in one zip (an object URL, revoked when
 * the results change or the batch goes). Images are compressed already: stored, not deflated.
 */
export function useZip(items: BatchItem[]): string | undefined {
  const [zip, setZip] = useState<string>();
  const settled = items.every((i) => i.state === "done" || i.state === "failed");
  const outs = settled ? items.flatMap((i) => (i.out ? [i.out] : [])) : [];
  // The URLs change whenever a result does.
  const key = outs.map((o) => o.url).join(" ");

  useEffect(() => {
    if (!outs.length) return;
    let url: string | undefined;
    let live = true;
    void (async () => {
      const files: Record<string, Uint8Array> = {};
      for (const out of outs) files[out.name] = new Uint8Array(await out.blob.arrayBuffer());
      if (!live) return;
      url = URL.createObjectURL(new Blob([zipSync(files, { level: 0 }) as Uint8Array<ArrayBuffer>], { type: "application/zip" }));
      setZip(url);
    })();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
      setZip(undefined);
    };
    // `key` stands for `outs`: a new array each render, the same results.
  }, [key]);

  return zip;
}
