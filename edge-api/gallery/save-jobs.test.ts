// A worker's gallery save for an account deleted while its job ran: dropped at once (no retry
// while the job holds its worker slot), with nothing left in the blob store, on PGlite and
// PostgreSQL both.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadEnv } from "../env";
import type { JobRecord } from "../jobs/types";
import { createServices, type Services } from "../runtime";
import { backends } from "../test-backends";
import { coffee, quickAccounts } from "../testing";
import { saveJobsToGallery } from "./save-jobs";
import type { Gallery } from "./service";

describe.each(backends)("a job's gallery save ($name)", (backend) => {
  let services: Services;
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    const setup = await backend.setup();
    teardown = setup.teardown;
    services = createServices(loadEnv(setup.vars), 1);
  }, 60_000);
  afterAll(async () => {
    await services.close();
    await teardown();
  });

  const job = (ownerId: string) => ({ id: randomUUID(), ownerId, converter: "invert", params: {}, steps: [{ converter: "invert", params: {} }] }) as unknown as JobRecord;
  const input = new Uint8Array(coffee);
  async function blobsOf(userId: string) {
    const keys = [];
    for await (const blob of services.blobs.list(`gallery/${userId}/`)) keys.push(blob.key);
    return keys;
  }
  function counted() {
    const saves: string[] = [];
    const gallery: Gallery = { ...services.gallery, save: (item) => (saves.push(item.userId), services.gallery.save(item)) };
    return { gallery, saves };
  }

  test("for an owner who no longer exists returns at once, without a retry, and leaves no blobs", async () => {
    const { gallery, saves } = counted();
    const warnings: string[] = [];
    const ownerId = randomUUID();
    const extra = await saveJobsToGallery(gallery, { warn: (line) => warnings.push(line) })(job(ownerId), input, { data: input, mime: "image/png" });
    expect(extra).toEqual({});
    expect(saves).toEqual([ownerId]);
    expect(warnings).toEqual([expect.stringMatching(/owner's account is gone/)]);
    expect(await blobsOf(ownerId)).toEqual([]);
  });

  test("for an owner who exists is kept, with its blobs", async () => {
    const [owner] = await quickAccounts(services, 1);
    const { gallery, saves } = counted();
    const extra = await saveJobsToGallery(gallery)(job(owner!.id), input, { data: input, mime: "image/png" });
    expect(extra.galleryId).toEqual(expect.any(String));
    expect(saves).toHaveLength(1);
    expect(await blobsOf(owner!.id)).toHaveLength(3);
  });

  test("a retried save of one job (its answer lost) is one version, not two; the next job of the session is the next", async () => {
    const [owner] = await quickAccounts(services, 1);
    const save = saveJobsToGallery(services.gallery);
    const first = { ...job(owner!.id), editSession: "photo-7", fileName: "C:\\Users\\me\\beach.png" } as JobRecord;
    const out = { data: input, mime: "image/png" };
    const [a, b] = [await save(first, input, out), await save(first, input, out)];
    expect(b.galleryId).toBe(a.galleryId);
    const row = await services.gallery.find(owner!.id, a.galleryId!);
    expect(row).toMatchObject({ version: 1, editSession: "photo-7", fileName: "beach.png" });
    const next = await save({ ...first, id: randomUUID() }, input, out);
    expect(next.galleryId).toBe(a.galleryId);
    expect(await services.gallery.find(owner!.id, a.galleryId!)).toMatchObject({ version: 2 });
    expect(await blobsOf(owner!.id)).toHaveLength(3);
  });
});
