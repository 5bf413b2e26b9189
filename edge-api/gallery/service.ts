import { createHash } from "node:crypto";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { BlobStore } from "../blobs";
import type { Database } from "../db";
import { galleryItems } from "../db/schema";
import type { GalleryQuota } from "./errors";
import { createSave, type GalleryRow } from "./save";

export { GalleryFull, type GalleryQuota, OwnerGone, StorageFull } from "./errors";
export type { GalleryRow, NewGalleryItem } from "./save";
export const BLOB_KINDS = ["original", "result", "thumb"] as const;
export type BlobKind = (typeof BLOB_KINDS)[number];

export interface GalleryDeps {
  database: Database;
  blobs: BlobStore;
  quota?: GalleryQuota;
  /** Decodes the result (so a damaged one is refused) and makes the grid's picture. */
  thumbnail: (image: Uint8Array) => Promise<{ data: Uint8Array; mime: string }>;
}

export interface Page {
  items: GalleryRow[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isItemId = (id: string) => UUID.test(id);

/** A stable save id for a job (a UUIDv8 from a hash of its id): one job, one gallery item or version, however often its save is retried. */
export function itemIdForJob(jobId: string): string {
  const b = createHash("sha256").update(`gallery:${jobId}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// The cursor is the last item's (createdAt, id), opaque to clients.
const encodeCursor = (row: GalleryRow) => Buffer.from(`${row.createdAt.getTime()}.${row.id}`).toString("base64url");
function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  const [ms, id] = Buffer.from(cursor, "base64url").toString().split(".");
  const at = new Date(Number(ms));
  return id && isItemId(id) && Number.isFinite(at.getTime()) ? { at, id } : undefined;
}

/**
 * A user's saved conversions: rows in the database, bytes in the blob store. Every query is
 * scoped to the user, so another user's item is indistinguishable from a missing one.
 */
export function createGallery({ database, blobs, thumbnail, quota = { bytes: Infinity, items: Infinity } }: GalleryDeps) {
  async function find(userId: string, id: string): Promise<GalleryRow | undefined> {
    if (!isItemId(id)) return undefined;
    const db = await database.db();
    const [row] = await db.select().from(galleryItems).where(and(eq(galleryItems.id, id), eq(galleryItems.userId, userId)));
    return row;
  }

  return {
    find,

    save: createSave({ database, blobs, quota, thumbnail }),

    async list(userId: string, options: { cursor?: string; limit: number }): Promise<Page> {
      const after = options.cursor ? decodeCursor(options.cursor) : undefined;
      if (options.cursor && !after) throw new RangeError("Invalid cursor");
      const db = await database.db();
      const rows = await db
        .select()
        .from(galleryItems)
        .where(
          and(
            eq(galleryItems.userId, userId),
            after && or(lt(galleryItems.createdAt, after.at), and(eq(galleryItems.createdAt, after.at), lt(galleryItems.id, after.id))),
          ),
        )
        .orderBy(desc(galleryItems.createdAt), desc(galleryItems.id))
        .limit(options.limit + 1);
      const items = rows.slice(0, options.limit);
      return { items, nextCursor: rows.length > options.limit ? encodeCursor(items.at(-1)!) : null };
    },

    async read(row: GalleryRow, kind: BlobKind): Promise<{ data: Uint8Array; mime: string } | undefined> {
      const key = { original: row.originalKey, result: row.resultKey, thumb: row.thumbKey }[kind];
      const data = await blobs.get(key);
      const mime = kind === "original" ? row.originalMime : kind === "result" ? row.resultMime : "image/webp";
      return data && { data, mime };
    },

    /** The row goes first, so the item is gone at once; its bytes follow. */
    async remove(userId: string, id: string): Promise<boolean> {
      if (!isItemId(id)) return false;
      const db = await database.db();
      const [row] = await db.delete(galleryItems).where(and(eq(galleryItems.id, id), eq(galleryItems.userId, userId))).returning();
      if (!row) return false;
      await blobs.delete([row.originalKey, row.resultKey, row.thumbKey]).catch((error: unknown) => {
        console.warn(`gallery: item ${id} deleted, but its blobs were not: ${String(error)}`);
      });
      return true;
    },

    /** Every item of the user (an account being deleted): rows first, then their bytes. */
    async removeAll(userId: string): Promise<number> {
      const db = await database.db();
      const rows = await db.delete(galleryItems).where(eq(galleryItems.userId, userId)).returning();
      const keys = rows.flatMap((row) => [row.originalKey, row.resultKey, row.thumbKey]);
      for (let i = 0; i < keys.length; i += 300) {
        await blobs.delete(keys.slice(i, i + 300)).catch((error: unknown) => console.warn(`gallery: ${rows.length} items of a deleted account are gone, but some blobs were not: ${String(error)}`));
      }
      return rows.length;
    },
  };
}

export type Gallery = ReturnType<typeof createGallery>;
