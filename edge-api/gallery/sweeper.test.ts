import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import type { BlobStore } from "../blobs";
import { FileBlobStore } from "../blobs/file-store";
import { openDatabase } from "../db";
import { users } from "../db/schema";
import { coffee } from "../testing";
import { createGallery } from "./service";
import { SWEEP_GRACE_MS, sweepOrphanBlobs } from "./sweeper";

const dir = await mkdtemp(join(tmpdir(), "ie-sweeper-"));
const database = openDatabase({ DATA_DIR: dir });
const blobs: BlobStore = new FileBlobStore(join(dir, "blobs"));
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

test("orphaned gallery blobs past the grace period are swept; items' blobs and fresh writes stay", async () => {
  const db = await database.db();
  const [user] = await db.insert(users).values({ email: "sweep@example.org", passwordHash: "x" }).returning();
  const thumb = { data: new Uint8Array([1]), mime: "image/webp" };
  const gallery = createGallery({ database, blobs, thumbnail: async () => thumb });
  const item = await gallery.save({
    userId: user!.id,
    steps: [{ converter: "invert", params: {} }],
    original: { data: coffee, mime: "image/png" },
    result: { data: coffee, mime: "image/png", width: 600, height: 400 },
  });
  const orphan = `gallery/${user!.id}/${crypto.randomUUID()}`;
  for (const kind of ["original", "result", "thumb"]) await blobs.put(`${orphan}/${kind}`, new Uint8Array([7]), "image/png");

  // Within the grace period (a save may be between its blobs and its row), nothing goes.
  expect(await sweepOrphanBlobs(database, blobs)).toBe(0);
  // Later (an injected clock), the orphan's three blobs go and the item's stay.
  expect(await sweepOrphanBlobs(database, blobs, Date.now() + SWEEP_GRACE_MS + 1000)).toBe(3);
  expect(await blobs.get(`${orphan}/original`)).toBeUndefined();
  expect(await gallery.read(item, "original")).toBeDefined();
  expect(await gallery.read(item, "thumb")).toBeDefined();
});

test("a replaced version's blobs, left behind, are swept; the latest version's stay", async () => {
  const db = await database.db();
  const [user] = await db.insert(users).values({ email: "sweep-versions@example.org", passwordHash: "x" }).returning();
  const gallery = createGallery({ database, blobs, thumbnail: async () => ({ data: new Uint8Array([1]), mime: "image/webp" }) });
  const version = () =>
    gallery.save({
      userId: user!.id,
      editSession: "photo",
      steps: [{ converter: "invert", params: {} }],
      original: { data: coffee, mime: "image/png" },
      result: { data: coffee, mime: "image/png", width: 600, height: 400 },
    });
  const first = await version();
  const latest = await version();
  expect(latest).toMatchObject({ id: first.id, version: 2 });
  // What a failed delete of the first version would have left.
  for (const key of [first.originalKey, first.resultKey, first.thumbKey]) await blobs.put(key, new Uint8Array([7]), "image/png");
  expect(await sweepOrphanBlobs(database, blobs, Date.now() + SWEEP_GRACE_MS + 1000)).toBe(3);
  expect(await blobs.get(first.resultKey)).toBeUndefined();
  for (const kind of ["original", "result", "thumb"] as const) expect(await gallery.read(latest, kind)).toBeDefined();
});
