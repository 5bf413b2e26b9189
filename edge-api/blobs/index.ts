import { join } from "node:path";
import { FileBlobStore } from "./file-store";
import { S3BlobStore } from "./s3-store";
import type { BlobStore } from "./types";

export type { BlobStore } from "./types";

export interface BlobStoreConfig {
  DATA_DIR: string;
  /** `s3://bucket[/prefix]`, `file://path`, or a plain path; unset means DATA_DIR/blobs. */
  BLOB_STORE?: string;
  S3_ENDPOINT?: string;
  S3_REGION?: string;
  S3_FORCE_PATH_STYLE?: boolean;
}

/** The adapter BLOB_STORE names. S3 credentials come from the SDK's usual chain (AWS_* variables). */
export function openBlobStore(config: BlobStoreConfig): BlobStore {
  const target = config.BLOB_STORE ?? join(config.DATA_DIR, "blobs");
  if (target.startsWith("s3://")) {
    const [bucket = "", ...prefix] = target.slice("s3://".length).split("/");
    if (!bucket) throw new Error("BLOB_STORE=s3://… needs a bucket name");
    return new S3BlobStore({
      bucket,
      prefix: prefix.join("/"),
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return new FileBlobStore(target.startsWith("file://") ? target.slice("file://".length) : target);
}
