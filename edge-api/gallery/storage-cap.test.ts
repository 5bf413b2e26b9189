// The storage cap under a burst: saves by many users at the same instant (an instant thumbnail,
// so they meet in the database together) never take the total past STORAGE_QUOTA_BYTES.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBlobStore } from "../blobs";
import { type Database, openDatabase } from "../db";
import { storageUsage, users } from "../db/schema";
import { loadEnv } from "../env";
import { backends } from "../test-backends";
import { createGallery, type Gallery, StorageFull } from "./service";

describe.each(backends)("storage cap in the gallery service ($name)", (backend) => {
  let database: Database;
  let gallery: Gallery;
  let close: () => Promise<void>;
  const image = { data: new Uint8Array(1000), mime: "image/png" };
  // Each save is 1000 + 1000 + 100 bytes: five fit in 10 600, a sixth does not.
  const itemBytes = 2100;
  beforeAll(async () => {
    const setup = await backend.setup();
    const env = loadEnv(setup.vars);
    database = openDatabase(env);
    const blobs = openBlobStore(env);
    const thumbnail = async () => ({ data: new Uint8Array(100), mime: "image/webp" });
    gallery = createGallery({ database, blobs, thumbnail, quota: { bytes: 1e9, items: 1e6, totalBytes: 5 * itemBytes + 100 } });
    close = async () => {
      await database.close();
      await blobs.close();
      await setup.teardown();
    };
  }, 60_000);
  afterAll(() => close());

  it("lets exactly as many saves through as fit, from 20 users at once, and keeps the running total exact", async () => {
    const db = await database.db();
    const people = await db
      .insert(users)
      .values(Array.from({ length: 20 }, (_, i) => ({ email: `burst-${i}@example.org`, passwordHash: "x" })))
      .returning({ id: users.id });
    const save = (userId: string) => gallery.save({ userId, steps: [{ converter: "invert", params: {} }], original: image, result: { ...image, width: 1, height: 1 } });
    const outcomes = await Promise.allSettled(people.map((p) => save(p.id)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    for (const o of outcomes.filter((o) => o.status === "rejected")) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(StorageFull);
    const total = async () => (await db.select().from(storageUsage))[0]?.bytes;
    expect(await total()).toBe(5 * itemBytes);
    // Deleting one item, and a whole account (its items go by cascade), give their room back.
    const saved = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(await gallery.remove(saved[0]!.userId, saved[0]!.id)).toBe(true);
    await db.delete(users).where(eq(users.id, saved[1]!.userId));
    expect(await total()).toBe(3 * itemBytes);
    expect(await save(people.find((p) => !saved.some((s) => s.userId === p.id))!.id)).toMatchObject({ bytes: itemBytes });
  }, 60_000);
});
