/**
 * The blob store port: gallery originals, results and thumbnails. The file adapter (embedded, or
 * a shared volume) and the S3 adapter (clusters) pass the same contract suite.
 */
export interface BlobStore {
  /** Stores (or replaces) a blob; a reader sees the old bytes or the new, never a mix. */
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or undefined when there is no such blob. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Removes blobs; keys that do not exist are not an error. */
  delete(keys: string[]): Promise<void>;
  /** Every blob whose key starts with `prefix` (a folder: "gallery/"), with when it was last written. */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: number }>;
  /** Reachable and writable, for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// Keys are made by the app (ids, never user text), but a key that could climb out of the store's
// folder or prefix is refused anyway: a bug must not become a path traversal.
const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

export function assertKey(key: string): string {
  if (key.length > 512 || !KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
  }
  return key;
}
