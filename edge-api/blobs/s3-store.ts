import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, NoSuchKey, paginateListObjectsV2, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { assertKey, type BlobStore } from "./types";

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key, so one bucket can hold several deployments. */
  prefix?: string;
  /** Any S3-compatible endpoint (Ceph RGW, MinIO, R2…); unset means AWS itself. */
  endpoint?: string;
  region?: string;
  /** Most self-hosted servers want path-style addressing (http://host/bucket/key). */
  forcePathStyle?: boolean;
  /** Unset: the SDK's default chain (environment, web identity in Kubernetes, instance role). */
  credentials?: S3ClientConfig["credentials"];
}

/** Blobs in an S3-compatible bucket, for clusters whose replicas share no volume. */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix.replace(/\/+$/, "")}/` : "";
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? "us-east-1",
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      maxAttempts: 3,
      // Short enough that /readyz and a gallery save fail fast when the store is down.
      requestHandler: { connectionTimeout: 3000, requestTimeout: 30_000 },
    });
  }

  private key(key: string) {
    return this.prefix + assertKey(key);
  }

  async put(key: string, data: Uint8Array, contentType: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: data, ContentType: contentType, ContentLength: data.byteLength }));
  }

  async get(key: string) {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async delete(keys: string[]) {
    // DeleteObjects takes at most 1000 keys a call.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((k) => ({ Key: this.key(k) })), Quiet: true } }),
      );
      const failed = out.Errors?.filter((e) => e.Code !== "NoSuchKey");
      if (failed?.length) throw new Error(`S3 could not delete ${failed.length} blob(s): ${failed[0]!.Code} ${failed[0]!.Message ?? ""}`);
    }
  }

  async *list(prefix: string) {
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: this.prefix + prefix })) {
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { key: object.Key.slice(this.prefix.length), modifiedAt: object.LastModified?.getTime() ?? 0 };
      }
    }
  }

  async ping() {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return true;
    } catch {
      return false;
    }
  }

  async close() {
    this.client.destroy();
  }
}
