import type { VipsModule } from "../types";

// wasm-vips' handles own libvips images in wasm memory that V8 cannot see: each wrapper is a few
// bytes of JS, so the garbage collector (and the FinalizationRegistry behind it) may not run
// before malloc fails. One thread died this way after ~90 conversions of a 2 MP photo. Instead,
// every handle is queued for deletion when it is made, and the queue is emptied after each task.

interface HandleQueue {
  setAutoDeleteLater(on: boolean): void;
  setDelayFunction(schedule: (flush: () => void) => void): void;
  deletionQueue: unknown[];
}

const flushes = new WeakMap<VipsModule, () => void>();

/** Call once, right after the module loads and before any image exists. */
export function queueHandles(vips: VipsModule): VipsModule {
  const module = vips as unknown as HandleQueue;
  let flush = () => {};
  module.setAutoDeleteLater(true);
  // Called when the queue goes from empty to not; it hands over the function that empties it.
  module.setDelayFunction((pending) => {
    flush = pending;
  });
  flushes.set(vips, () => {
    if (module.deletionQueue.length > 0) flush();
  });
  return vips;
}

/**
 * Runs a task, then frees every handle made since the last one. Results must leave as plain
 * bytes (encode, writeToMemory): an image handle is dead once this returns. One task at a time
 * per module: a second task running across the first one's awaits would have its images freed.
 */
export async function withHandles<T>(vips: VipsModule, task: () => T | Promise<T>): Promise<T> {
  try {
    return await task();
  } finally {
    flushes.get(vips)?.();
  }
}

/** Handles still waiting to be freed; for tests. */
export function pendingHandles(vips: VipsModule): number {
  return (vips as unknown as HandleQueue).deletionQueue.length;
}

/** Where the handle queue stands now: handles made after this can be freed by keepOnly. */
export function handleMark(vips: VipsModule): number {
  return (vips as unknown as HandleQueue).deletionQueue?.length ?? 0;
}

interface Handle {
  preventAutoDelete(): unknown;
  delete(): void;
  deleteLater(): unknown;
}

/**
 * Frees every handle made since `mark` except `keep`, which must not depend on them (a
 * copyMemory): a long chain then holds one or two images at a time, not one per step. `keep`
 * goes back on the queue, freed with the task. Without a queue (handles left to the caller),
 * nothing is freed here.
 */
export function keepOnly<T>(vips: VipsModule, mark: number, keep: T): T {
  const queue = (vips as unknown as HandleQueue).deletionQueue as Handle[] | undefined;
  if (!queue || queue.length <= mark) return keep;
  const made = queue.slice(mark);
  for (const handle of made) {
    // Taken off the queue (and its scheduled-deletion flag cleared) before it can be deleted now.
    handle.preventAutoDelete();
    if (handle !== (keep as unknown)) handle.delete();
  }
  (keep as unknown as Handle).deleteLater();
  return keep;
}
