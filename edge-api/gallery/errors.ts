// Why a gallery save was refused: the routes answer 507 for the first two; a job's save drops
// the third at once (gallery/save-jobs.ts).

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
export function isForeignKeyViolation(error: unknown): boolean {
  let e = error;
  for (let depth = 0; depth < 5 && e instanceof Object; depth++, e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23503") return true;
  }
  return false;
}
