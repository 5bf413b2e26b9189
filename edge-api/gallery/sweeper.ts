// Blobs no gallery row points at: written by a save that failed before its row (a crash between
// the two), left by a delete whose blob removal failed, or a version replaced by a newer one whose
// blobs could not be removed. Blobs younger than the grace period are left alone, since a save in
// progress writes its blobs before its row. Every blob of an item sits under its folder
// (gallery/<user>/<item>/…, save.ts), so the rows are found by their primary key.
import { inArray } from "drizzle-orm";
import type { BlobStore } from "../blobs";
import type { Database } from "../db";
import { galleryItems } from "../db/schema";

export const SWEEP_GRACE_MS = 60 * 60_000;
const ITEM = /^gallery\/[^/]+\/([0-9a-f-]{36})\//;

/** Deletes orphaned gallery blobs older than the grace period; returns how many. */
export async function sweepOrphanBlobs(database: Database, blobs: BlobStore, now = Date.now(), graceMs = SWEEP_GRACE_MS): Promise<number> {
  const byItem = new Map<string, string[]>();
  for await (const blob of blobs.list("gallery/")) {
    const item = ITEM.exec(blob.key)?.[1];
    if (!item || blob.modifiedAt > now - graceMs) continue;
    byItem.set(item, [...(byItem.get(item) ?? []), blob.key]);
  }
  const db = await database.db();
  const ids = [...byItem.keys()];
  let swept = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.select({ original: galleryItems.originalKey, result: galleryItems.resultKey, thumb: galleryItems.thumbKey }).from(galleryItems).where(inArray(galleryItems.id, chunk));
    const kept = new Set(rows.flatMap((r) => [r.original, r.result, r.thumb]));
    const orphans = chunk.flatMap((id) => byItem.get(id)!).filter((key) => !kept.has(key));
    if (orphans.length) await blobs.delete(orphans);
    swept += orphans.length;
  }
  return swept;
}

/** Sweeps now and then in a process that runs conversions (any number may: deletes are idempotent). */
export function startSweeper(database: Database, blobs: BlobStore, everyMs = SWEEP_GRACE_MS) {
  const timer = setInterval(() => {
    sweepOrphanBlobs(database, blobs)
      .then((n) => n && console.log(`gallery: swept ${n} orphaned blobs`))
      .catch(() => {}); // the store is down: the next sweep tries again
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
