import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { openBlobStore } from ".";
import { blobStoreContract } from "./blob-store.contract";
import { FileBlobStore } from "./file-store";
import type { BlobStore } from "./types";

let dir = "";
blobStoreContract(
  "files",
  async () => {
    dir = await mkdtemp(join(tmpdir(), "blobs-"));
    return openBlobStore({ DATA_DIR: "unused", BLOB_STORE: `file://${dir}` });
  },
  () => rm(dir, { recursive: true, force: true }),
);

it("leaves no temporary files behind, and an unwritable root is not ready", async () => {
  const root = await mkdtemp(join(tmpdir(), "blobs-"));
  const store: BlobStore = new FileBlobStore(root);
  await store.put("u/1/result", Buffer.from("x"), "image/png");
  expect(await readdir(join(root, "u", "1"))).toEqual(["result"]);
  // A root that is a file cannot hold blobs.
  expect(await new FileBlobStore(join(root, "u", "1", "result")).ping()).toBe(false);
  await rm(root, { recursive: true });
});
