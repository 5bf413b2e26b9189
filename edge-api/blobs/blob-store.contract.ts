// One suite for every blob adapter: what the gallery relies on, and the keys it must refuse.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "./types";

export function blobStoreContract(name: string, open: () => Promise<BlobStore>, cleanup: () => Promise<void> = async () => {}) {
  describe(`blob store contract: ${name}`, () => {
    let store: BlobStore;
    const run = randomBytes(4).toString("hex");
    beforeAll(async () => {
      store = await open();
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await cleanup();
    }, 60_000);

    it("answers a ping", async () => {
      expect(await store.ping()).toBe(true);
    });

    it("round-trips bytes exactly, binary and empty alike", async () => {
      const big = randomBytes(3 * 1024 * 1024 + 17);
      await store.put(`t-${run}/u1/item/original`, big, "image/jpeg");
      await store.put(`t-${run}/u1/item/empty`, new Uint8Array(), "application/octet-stream");
      expect(Buffer.from((await store.get(`t-${run}/u1/item/original`))!).equals(big)).toBe(true);
      expect((await store.get(`t-${run}/u1/item/empty`))?.byteLength).toBe(0);
    });

    it("replaces a blob on a second put", async () => {
      await store.put(`t-${run}/replace`, Buffer.from("first"), "text/plain");
      await store.put(`t-${run}/replace`, Buffer.from("second"), "text/plain");
      expect(Buffer.from((await store.get(`t-${run}/replace`))!).toString()).toBe("second");
    });

    it("answers undefined for a missing blob, and deleting is idempotent", async () => {
      expect(await store.get(`t-${run}/never-written`)).toBeUndefined();
      await store.put(`t-${run}/d/a`, Buffer.from("a"), "text/plain");
      await store.put(`t-${run}/d/b`, Buffer.from("b"), "text/plain");
      await store.delete([`t-${run}/d/a`, `t-${run}/d/b`, `t-${run}/d/missing`]);
      expect(await store.get(`t-${run}/d/a`)).toBeUndefined();
      expect(await store.get(`t-${run}/d/b`)).toBeUndefined();
      await store.delete([`t-${run}/d/a`]);
    });

    it("keeps keys apart that share a prefix", async () => {
      await store.put(`t-${run}/p/item`, Buffer.from("1"), "text/plain");
      await store.put(`t-${run}/p/item2`, Buffer.from("2"), "text/plain");
      await store.delete([`t-${run}/p/item`]);
      expect(Buffer.from((await store.get(`t-${run}/p/item2`))!).toString()).toBe("2");
    });

    it("lists the blobs under a prefix, with when each was written", async () => {
      const before = Date.now() - 60_000;
      await store.put(`t-${run}/l/a/1`, Buffer.from("1"), "text/plain");
      await store.put(`t-${run}/l/b/2`, Buffer.from("2"), "text/plain");
      await store.put(`t-${run}/other/3`, Buffer.from("3"), "text/plain");
      const listed = [];
      for await (const blob of store.list(`t-${run}/l/`)) listed.push(blob);
      expect(listed.map((b) => b.key).sort()).toEqual([`t-${run}/l/a/1`, `t-${run}/l/b/2`]);
      for (const blob of listed) expect(blob.modifiedAt).toBeGreaterThan(before);
      const none = [];
      for await (const blob of store.list(`t-${run}/nothing/`)) none.push(blob);
      expect(none).toEqual([]);
      await store.delete([`t-${run}/l/a/1`, `t-${run}/l/b/2`, `t-${run}/other/3`]);
    });

    it("refuses keys that could escape the store", async () => {
      for (const key of ["../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "", "a\\b", "a/b\u0000", "a?b", "a/..", "x".repeat(600)]) {
        await expect(store.put(key, Buffer.from("x"), "text/plain"), key).rejects.toThrow(/Invalid blob key/);
        await expect(store.get(key), key).rejects.toThrow(/Invalid blob key/);
      }
    });
  });
}
