// One suite for both databases: the schema, its constraints and the queries the API relies on.
import { and, desc, eq, lt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from ".";
import { galleryItems, users } from "./schema";

export function databaseContract(name: string, open: () => Promise<Database>, cleanup: () => Promise<void> = async () => {}) {
  describe(`database contract: ${name}`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await open();
    });
    afterAll(async () => {
      await database.close();
      await cleanup();
    });

    it("answers a ping once migrated", async () => {
      expect(await database.ping()).toBe(true);
    });

    it("keeps one account per email", async () => {
      const db = await database.db();
      const email = `a-${Date.now()}@example.org`;
      await db.insert(users).values({ email, passwordHash: "scrypt$x" });
      await expect(db.insert(users).values({ email, passwordHash: "scrypt$y" })).rejects.toThrow();
    });

    it("pages a user's gallery newest first, and deleting the user deletes the items", async () => {
      const db = await database.db();
      const [owner] = await db.insert(users).values({ email: `g-${Date.now()}@example.org`, passwordHash: "scrypt$x" }).returning();
      const item = (i: number) => ({
        userId: owner!.id,
        converter: "grayscale",
        steps: [{ converter: "invert", params: { i } }],
        width: 10,
        height: 10,
        originalKey: `o${i}`,
        resultKey: `r${i}`,
        thumbKey: `t${i}`,
        originalMime: "image/png",
        resultMime: "image/png",
        editSession: `session-${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      });
      await db.insert(galleryItems).values([1, 2, 3].map(item));
      const first = await db.select().from(galleryItems).where(eq(galleryItems.userId, owner!.id)).orderBy(desc(galleryItems.createdAt)).limit(2);
      expect(first.map((r) => r.steps[0]!.params)).toEqual([{ i: 3 }, { i: 2 }]);
      const rest = await db
        .select()
        .from(galleryItems)
        .where(and(eq(galleryItems.userId, owner!.id), lt(galleryItems.createdAt, first[1]!.createdAt)))
        .orderBy(desc(galleryItems.createdAt));
      expect(rest.map((r) => r.steps[0]!.params)).toEqual([{ i: 1 }]);
      await db.delete(users).where(eq(users.id, owner!.id));
      expect(await db.select().from(galleryItems).where(eq(galleryItems.userId, owner!.id))).toEqual([]);
    });
  });
}
