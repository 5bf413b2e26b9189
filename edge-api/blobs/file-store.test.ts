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

it("removes the folders a delete empties, up to the root and never the root", async () => {
  const root = await mkdtemp(join(tmpdir(), "blobs-"));
  const store: BlobStore = new FileBlobStore(root);
  await store.put("gallery/u1/item1/original", Buffer.from("o"), "image/png");
  await store.put("gallery/u1/item1/result", Buffer.from("r"), "image/png");
  await store.put("gallery/u1/item2/original", Buffer.from("o"), "image/png");
  await store.put("gallery/u2/item3/original", Buffer.from("o"), "image/png");
  await store.delete(["gallery/u1/item1/original", "gallery/u1/item1/result"]);
  expect(await readdir(join(root, "gallery", "u1"))).toEqual(["item2"]);
  await store.delete(["gallery/u1/item2/original", "gallery/u1/never-written/result"]);
  expect(await readdir(join(root, "gallery"))).toEqual(["u2"]);
  await store.delete(["gallery/u2/item3/original"]);
  expect(await readdir(root)).toEqual([]);
  expect(await store.ping()).toBe(true);
  await rm(root, { recursive: true });
});

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

it("a save racing a delete that empties its folder never fails", async () => {
  const root = await mkdtemp(join(tmpdir(), "blobs-"));
  const store: BlobStore = new FileBlobStore(root);
  // Each round deletes a folder's last blob while saves write into the same folder: the delete
  // removes the folder (and those above it) between a save's mkdir and its write.
  for (let round = 0; round < 200; round++) {
    const folder = `gallery/u/item-${round}`;
    await store.put(`${folder}/old`, Buffer.from("o"), "image/png");
    const deleted = store.delete([`${folder}/old`]);
    // Staggered by a few turns of the event loop, so the saves meet the delete at each of its steps.
    const saves = Array.from({ length: 3 }, (_, i) => turns((round + i) % 6).then(() => store.put(`${folder}/new-${i}`, Buffer.from("n"), "image/png")));
    await Promise.all([deleted, ...saves]);
    for (let i = 0; i < 3; i++) expect((await store.get(`${folder}/new-${i}`))?.byteLength).toBe(1);
    await store.delete(Array.from({ length: 3 }, (_, i) => `${folder}/new-${i}`));
  }
  expect(await readdir(root)).toEqual([]);
  await rm(root, { recursive: true });
}, 60_000);
