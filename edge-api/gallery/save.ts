// Saving into the gallery: one item per editing session (the editor's opened photo). The first
// save makes the item; each later save of the same session is its newest version: the result,
// the steps, the thumbnail and the original sent with them replace the previous ones, whose
// images then go. So a photo saved five times is one card, holding what was saved last.
import { and, count, eq, sql, sum } from "drizzle-orm";
import type { BlobStore } from "../blobs";
import type { Database, Db } from "../db";
import { galleryItems, storageUsage } from "../db/schema";
import { type ChainStep, chainLabel } from "../steps";
import { GalleryFull, type GalleryQuota, isForeignKeyViolation, OwnerGone, StorageFull } from "./errors";

export type GalleryRow = typeof galleryItems.$inferSelect;

export interface NewGalleryItem {
  /** Given for server jobs (derived from the job id), so a retried save never makes a second item or version. */
  id?: string;
  userId: string;
  steps: ChainStep[];
  original: { data: Uint8Array; mime: string };
  result: { data: Uint8Array; mime: string; width: number; height: number };
  /** The grid's picture, made already by whoever made the result (the job's thread, the page); else made here. */
  thumb?: { data: Uint8Array; mime: string };
  /** The editing session it comes from: saves with the same one are versions of one item. Without it, the save is an item of its own. */
  editSession?: string;
  /** The original's file name as the user had it. */
  fileName?: string;
}

export interface SaveDeps {
  database: Database;
  blobs: BlobStore;
  quota: GalleryQuota;
  thumbnail: (image: Uint8Array) => Promise<{ data: Uint8Array; mime: string }>;
}

/**
 * Where a save's images go: the item's own folder for the save that made it (as before versions),
 * a folder of its own inside it for each later one, so a version never overwrites the images a
 * reader may be fetching, and a job's retried save writes the same keys again.
 */
export function blobKeys(userId: string, itemId: string, saveId: string) {
  const folder = saveId === itemId ? `gallery/${userId}/${itemId}` : `gallery/${userId}/${itemId}/${saveId}`;
  return { original: `${folder}/original`, result: `${folder}/result`, thumb: `${folder}/thumb` };
}

/** All galleries' bytes (the row migration 0005's triggers keep); locked, it holds off other saves until commit. */
async function totalBytes(db: Pick<Db, "select">, { lock = false } = {}): Promise<number> {
  const query = db.select({ bytes: storageUsage.bytes }).from(storageUsage).where(eq(storageUsage.id, 1));
  const [total] = lock ? await query.for("update") : await query;
  return total?.bytes ?? 0;
}

const bySession = (userId: string, session: string) => and(eq(galleryItems.userId, userId), eq(galleryItems.editSession, session));

/** Another save made the session's item between the lookup and the lock: this one's blobs sit in the wrong folder. */
class SessionTaken extends Error {}

export function createSave({ database, blobs, quota, thumbnail }: SaveDeps) {
  /** Blobs first, then the row: a reader never finds a row whose bytes are missing. */
  async function save(item: NewGalleryItem, tries = 2): Promise<GalleryRow> {
    const thumb = item.thumb ?? (await thumbnail(item.result.data));
    const saveId = item.id ?? crypto.randomUUID();
    const session = item.editSession ?? saveId;
    const db = await database.db();
    // Looked up before the blobs are written, for their folder; decided again under the lock below.
    const [before] = await db.select().from(galleryItems).where(bySession(item.userId, session));
    const itemId = before?.id ?? saveId;
    const keys = blobKeys(item.userId, itemId, saveId);
    const bytes = item.original.data.byteLength + item.result.data.byteLength + thumb.data.byteLength;
    // A full server refuses before writing, not after: its disk may be nearly full too. (The
    // check that counts is the locked one below; a retried job may have been saved already.)
    if (!item.id && (await totalBytes(db)) + bytes - (before?.bytes ?? 0) > (quota.totalBytes ?? Infinity)) throw new StorageFull();
    await Promise.all([
      blobs.put(keys.original, item.original.data, item.original.mime),
      blobs.put(keys.result, item.result.data, item.result.mime),
      blobs.put(keys.thumb, thumb.data, thumb.mime),
    ]);
    try {
      const { row, superseded } = await db.transaction(async (tx) => {
        // Under a lock per user, so concurrent saves cannot all fit in the same room, nor both
        // make the session's first item; and with the row of the total locked, so neither can
        // saves by different users. That row is kept by triggers (migration 0005): one row read,
        // where a sum over every item took 79 ms at a million rows, all saves waiting behind it.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`gallery:${item.userId}`}))`);
        const [current] = await tx.select().from(galleryItems).where(bySession(item.userId, session));
        // This very save stood already (a job's retry after a lost answer): it takes no more room.
        if (current && current.resultKey === keys.result) return { row: current, superseded: [] };
        // Its images must live in the item's folder (the sweeper finds items by their folder): again, with the item known.
        if (current && current.id !== itemId) throw new SessionTaken();
        const [used] = await tx.select({ bytes: sum(galleryItems.bytes), items: count() }).from(galleryItems).where(eq(galleryItems.userId, item.userId));
        const now = { bytes: Number(used?.bytes ?? 0), items: used?.items ?? 0 };
        // A new version takes the room of the one it replaces.
        const grows = bytes - (current?.bytes ?? 0);
        if (now.bytes + grows > quota.bytes || (!current && now.items + 1 > quota.items)) throw new GalleryFull(now, quota);
        if ((await totalBytes(tx, { lock: true })) + grows > (quota.totalBytes ?? Infinity)) throw new StorageFull();
        const at = new Date();
        const latest = {
          converter: chainLabel(item.steps),
          steps: item.steps,
          width: item.result.width,
          height: item.result.height,
          originalKey: keys.original,
          resultKey: keys.result,
          thumbKey: keys.thumb,
          originalMime: item.original.mime,
          resultMime: item.result.mime,
          bytes,
          updatedAt: at,
        };
        if (current) {
          const [row] = await tx
            .update(galleryItems)
            .set({ ...latest, fileName: item.fileName ?? current.fileName, version: sql`${galleryItems.version} + 1` })
            .where(eq(galleryItems.id, current.id))
            .returning();
          return { row, superseded: [current.originalKey, current.resultKey, current.thumbKey] };
        }
        // The item is made where its blobs went: under the id the lookup found (an item deleted since), or this save's.
        const [row] = await tx
          .insert(galleryItems)
          .values({ id: itemId, userId: item.userId, editSession: session, fileName: item.fileName ?? null, ...latest, createdAt: at })
          .onConflictDoNothing({ target: galleryItems.id })
          .returning();
        return { row, superseded: [] };
      });
      if (!row) throw new Error(`gallery: item ${keys.result} could not be written`);
      // The replaced version's images, once no row points at them (the sweeper takes any left behind).
      const stale = superseded.filter((key) => !Object.values(keys).includes(key));
      if (stale.length) {
        await blobs.delete(stale).catch((error: unknown) => console.warn(`gallery: item ${row.id} has a new version, but the old one's blobs were not deleted: ${String(error)}`));
      }
      return row;
    } catch (error) {
      // A job's retried save keeps its blobs (an earlier try's row may hold them), unless the
      // owner is gone: then no row of theirs can.
      const ownerGone = isForeignKeyViolation(error);
      const taken = error instanceof SessionTaken;
      if (!item.id || error instanceof GalleryFull || error instanceof StorageFull || ownerGone || taken) await blobs.delete(Object.values(keys)).catch(() => {});
      if (taken && tries > 1) return save(item, tries - 1);
      throw ownerGone ? new OwnerGone(item.userId) : error;
    }
  }
  return (item: NewGalleryItem) => save(item);
}
