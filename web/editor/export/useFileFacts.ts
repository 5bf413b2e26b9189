"use client";
import { useEffect, useState } from "react";
import type { FileFacts } from "../../../converters/engine/file-metadata";
import { inspectFileOnDevice } from "../../worker/vips-bridge";
import type { SourceImage } from "../useConversion";

/**
 * What the opened file carries, for Download to give it as it is: read from its header in the
 * worker. Without the worker (a page that is not cross-origin isolated) or when the header cannot
 * be read, only "All" is sure to keep nothing another mode should drop; the browser gives the size.
 */
export function useFileFacts(source: SourceImage | undefined, isolated: boolean): FileFacts | undefined {
  const [facts, setFacts] = useState<{ id: string; facts: FileFacts }>();
  useEffect(() => {
    if (!source) return;
    const controller = new AbortController();
    const fallback = async (): Promise<FileFacts> => {
      const bitmap = await createImageBitmap(new Blob([source.bytes]));
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return { keptBy: ["all"], ...size };
    };
    (isolated ? inspectFileOnDevice(source.bytes, controller.signal).catch(fallback) : fallback()).then(
      (found) => !controller.signal.aborted && setFacts({ id: source.id, facts: found }),
      // Not an image the browser decodes either: the editor says so where the photo would be.
      () => undefined,
    );
    return () => controller.abort();
  }, [source, isolated]);
  return facts && facts.id === source?.id ? facts.facts : undefined;
}
