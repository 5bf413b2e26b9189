import { createHash } from "node:crypto";
import { and, count, desc, eq, lt, or, sql, sum } from "drizzle-orm";
import type { BlobStore } from "../blobs";
import { type ChainStep, chainLabel } from "../steps";
import type { Database, Db } from "../db";
import { galleryItems, storageUsage } from "../db/schema";

export type GalleryRow = typeof galleryItems.$inferSelect;
export type BlobKind = "original" | "result" | "thumb";
export const BLOB_KINDS: readonly BlobKind[] = ["original", "result", "thumb"];

export interface NewGalleryItem {
  /** Given for server jobs (derived from the job id), so a retried save never duplicates. */
  id?: string;
  userId: string;
  steps: ChainStep[];
  original: { data: Uint8Array; mime: string };
  result: { data: Uint8Array; mime: string; width: number; height: number };
  /** The grid's picture, made already by whoever made the result (the job's thread, the page); else made here. */
  thumb?: { data: Uint8Array; mime: string };
}

export interface GalleryQuota {
  /** Bytes of images one user may keep (GALLERY_QUOTA_BYTES). */
  bytes: number;
  /** Items one user may keep. */
  items: number;
  /** Bytes all users' galleries may hold together (STORAGE_QUOTA_BYTES): what the volume or bucket can take. */
  totalBytes?: number;
}

/** A save that would take the user past the quota: the route answers 507. */
export class GalleryFull extends Error {
  constructor(readonly used: { bytes: number; items: number }, readonly quota: GalleryQuota) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    super(`Your gallery holds ${used.items} items and ${mb(used.bytes)}; the limit is ${quota.items} items and ${mb(quota.bytes)}. Delete some items to save more.`);
  }
}

/** A save that would take all galleries together past STORAGE_QUOTA_BYTES: the route answers 507. */
export class StorageFull extends Error {
  constructor() {
    super("The server's storage is full: no gallery can take more images until space is freed. Conversions still work; download the result to keep it.");
  }
}

/** The owner's account was deleted meanwhile: nothing of theirs is kept, and no retry can save it. */
export class OwnerGone extends Error {
  constructor(userId: string) {
    super(`No account ${userId} (deleted while its job ran).`);
  }
}

/** PostgreSQL's foreign_key_violation, as postgres.js and PGlite report it, under drizzle's DrizzleQueryError or not. */
function isForeignKeyViolation(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 5 && e instanceof Object; depth++, e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23503") return true;
  }
  return false;
}

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

/** A stable item id for a job (a UUIDv8 from a hash of its id): one job, one gallery item. */
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
  const keyOf = (userId: string, id: string, kind: BlobKind) => `gallery/${userId}/${id}/${kind}`;

  /** All galleries' bytes (the row migration 0005's triggers keep); locked, it holds off other saves until commit. */
  async function totalBytes(db: Pick<Db, "select">, { lock = false } = {}): Promise<number> {
    const query = db.select({ bytes: storageUsage.bytes }).from(storageUsage).where(eq(storageUsage.id, 1));
    const [total] = lock ? await query.for("update") : await query;
    return total?.bytes ?? 0;
  }

  async function find(userId: string, id: string): Promise<GalleryRow | undefined> {
    if (!isItemId(id)) return undefined;
    const db = await database.db();
    const [row] = await db.select().from(galleryItems).where(and(eq(galleryItems.id, id), eq(galleryItems.userId, userId)));
    return row;
  }

  return {
    find,

    /** Blobs first, then the row: a reader never finds a row whose bytes are missing. */
    async save(item: NewGalleryItem): Promise<GalleryRow> {
      const thumb = item.thumb ?? (await thumbnail(item.result.data));
      const id = item.id ?? crypto.randomUUID();
      const keys = { original: keyOf(item.userId, id, "original"), result: keyOf(item.userId, id, "result"), thumb: keyOf(item.userId, id, "thumb") };
      const bytes = item.original.data.byteLength + item.result.data.byteLength + thumb.data.byteLength;
      const db = await database.db();
      // A full server refuses before writing, not after: its disk may be nearly full too. (The
      // check that counts is the locked one below; a retried job may have been saved already.)
      if (!item.id && (await totalBytes(db)) + bytes > (quota.totalBytes ?? Infinity)) throw new StorageFull();
      await Promise.all([
        blobs.put(keys.original, item.original.data, item.original.mime),
        blobs.put(keys.result, item.result.data, item.result.mime),
        blobs.put(keys.thumb, thumb.data, thumb.mime),
      ]);
      try {
        // Under a lock per user, so concurrent saves cannot all fit in the same room; and with the
        // row of the total locked, so neither can saves by different users. That row is kept by
        // triggers (migration 0005): one row read, where a sum over every item took 79 ms at a
        // million rows, all saves waiting behind it.
        const [row] = await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`gallery:${item.userId}`}))`);
          const [used] = await tx.select({ bytes: sum(galleryItems.bytes), items: count() }).from(galleryItems).where(eq(galleryItems.userId, item.userId));
          const now = { bytes: Number(used?.bytes ?? 0), items: used?.items ?? 0 };
          const userFull = now.bytes + bytes > quota.bytes || now.items + 1 > quota.items;
          const storageFull = (await totalBytes(tx, { lock: true })) + bytes > (quota.totalBytes ?? Infinity);
          if (userFull || storageFull) {
            // A retried job's save that stood the first time takes no more room.
            const savedBefore = item.id && (await tx.select({ id: galleryItems.id }).from(galleryItems).where(eq(galleryItems.id, item.id))).length;
            if (!savedBefore) throw userFull ? new GalleryFull(now, quota) : new StorageFull();
          }
          return tx
          .insert(galleryItems)
          .values({
            id,
            userId: item.userId,
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
            createdAt: new Date(),
          })
          .onConflictDoNothing({ target: galleryItems.id })
          .returning();
        });
        // Saved before (a retried job): the first save stands.
        return row ?? (await find(item.userId, id))!;
      } catch (error) {
        // A job's retried save keeps its blobs (an earlier try's row may hold them), unless the
        // owner is gone: then no row of theirs can.
        const ownerGone = isForeignKeyViolation(error);
        if (!item.id || error instanceof GalleryFull || error instanceof StorageFull || ownerGone) await blobs.delete(Object.values(keys)).catch(() => {});
        throw ownerGone ? new OwnerGone(item.userId) : error;
      }
    },

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
