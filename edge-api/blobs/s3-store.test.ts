// The S3 adapter against Ceph's RADOS Gateway, a production S3 implementation, started here by
// scripts/ceph-rgw.sh (or any S3 server named by S3_TEST_ENDPOINT, e.g. MinIO).
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBlobStore } from ".";
import { blobStoreContract } from "./blob-store.contract";
import { S3BlobStore } from "./s3-store";
import { freePorts } from "../testing-ports";

const run = promisify(execFile);
const script = join(import.meta.dirname, "..", "..", "scripts", "ceph-rgw.sh");
const dir = join(tmpdir(), `rgw-${process.pid}`);
const bucket = `gallery-${process.pid}`;
let endpoint = process.env.S3_TEST_ENDPOINT ?? "";
const credentials = {
  accessKeyId: process.env.S3_TEST_ACCESS_KEY ?? "test-access-key",
  secretAccessKey: process.env.S3_TEST_SECRET_KEY ?? "test-secret-key",
};

beforeAll(async () => {
  if (!endpoint) {
    // The system's free ports, not a range of our own: the cluster drills' ranges overlapped it.
    const [port, monPort] = await freePorts(2);
    endpoint = (await run(script, ["start", dir, String(port), String(monPort!)], { timeout: 110_000 })).stdout.trim();
  }
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
}, 120_000);

afterAll(async () => {
  if (!process.env.S3_TEST_ENDPOINT) await run(script, ["stop", dir]);
}, 30_000);

const open = (over: Partial<ConstructorParameters<typeof S3BlobStore>[0]> = {}) =>
  new S3BlobStore({ bucket, endpoint, forcePathStyle: true, credentials, ...over });

blobStoreContract("S3 (Ceph RADOS Gateway)", async () => open({ prefix: "contract" }));

describe("S3 adapter", () => {
  it("keeps deployments apart by prefix", async () => {
    const a = open({ prefix: "deploy-a" });
    const b = open({ prefix: "deploy-b/" });
    await a.put("k", Buffer.from("from a"), "text/plain");
    expect(await b.get("k")).toBeUndefined();
    expect(Buffer.from((await a.get("k"))!).toString()).toBe("from a");
    await Promise.all([a.close(), b.close()]);
  });

  it("is not ready with a missing bucket or wrong credentials, and a read then fails loudly", async () => {
    const missing = open({ bucket: "no-such-bucket-here" });
    const wrong = open({ credentials: { accessKeyId: "test-access-key", secretAccessKey: "wrong" } });
    expect(await missing.ping()).toBe(false);
    expect(await wrong.ping()).toBe(false);
    await expect(wrong.get("k")).rejects.toThrow();
    await Promise.all([missing.close(), wrong.close()]);
  });

  it("is what BLOB_STORE=s3://bucket/prefix opens", () => {
    expect(openBlobStore({ DATA_DIR: "x", BLOB_STORE: `s3://${bucket}/p`, S3_ENDPOINT: endpoint })).toBeInstanceOf(S3BlobStore);
    expect(() => openBlobStore({ DATA_DIR: "x", BLOB_STORE: "s3://" })).toThrow(/bucket/);
  });
});
