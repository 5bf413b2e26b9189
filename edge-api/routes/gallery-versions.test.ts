// The gallery as versions (issue 29): the saves of one editing session, from the page or from
// the worker, are versions of one item; items keep the file name; old versions' images go.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { z } from "@hono/zod-openapi";
import type { GalleryItem } from "../../contract/schemas";
import { backends } from "../test-backends";
import { coffee, form, png, pollUntilDone, quickAccounts, runtimeOn } from "../testing";

type Item = z.infer<typeof GalleryItem>;

const grey = await sharp(coffee).grayscale().png().toBuffer();
const inverted = await sharp(coffee).negate({ alpha: false }).png().toBuffer();

describe.each(backends)("gallery versions ($name)", (backend) => {
  const runtime = runtimeOn(backend, { GALLERY_QUOTA_ITEMS: "2" });
  const request = (path: string, init?: RequestInit) => runtime().app.request(path, init);
  const account = async () => (await quickAccounts(runtime().services, 1))[0]!;
  type Account = Awaited<ReturnType<typeof account>>;
  const save = (who: Account, fields: Record<string, string | Blob>, fileName = "IMG_2041.png") =>
    request("/api/gallery", { method: "POST", headers: who.headers, body: form({ original: png(coffee), result: png(grey), steps: '[{"converter":"grayscale"}]', ...fields }, fileName) });
  const list = async (who: Account) => ((await (await request("/api/gallery", { headers: who.headers })).json()) as { items: Item[] }).items;
  const bytes = async (who: Account, path: string) => Buffer.from(await (await request(path, { headers: who.headers })).arrayBuffer());
  const blobKeys = async (who: Account) => {
    const keys: string[] = [];
    for await (const blob of runtime().services.blobs.list(`gallery/${who.id}/`)) keys.push(blob.key);
    return keys.sort();
  };

  it("saves of one editing session are versions of one item: the latest result, steps and thumbnail, the first original and the file name", async () => {
    const ada = await account();
    const first = await save(ada, { editSession: "photo-1" });
    expect(first.status).toBe(201);
    const v1 = (await first.json()) as Item;
    expect(v1).toMatchObject({ fileName: "IMG_2041.png", editSession: "photo-1", version: 1, result: `/api/gallery/${v1.id}/result` });
    const etag1 = (await request(v1.result, { headers: ada.headers })).headers.get("etag");

    const second = await save(ada, { editSession: "photo-1", result: png(inverted), steps: '[{"converter":"invert"},{"converter":"sepia"}]' });
    expect(second.status).toBe(200);
    const v2 = (await second.json()) as Item;
    expect(v2).toMatchObject({ id: v1.id, createdAt: v1.createdAt, version: 2, converter: "invert,sepia", fileName: "IMG_2041.png", result: `/api/gallery/${v1.id}/result?v=2` });
    expect(v2.steps.map((s) => s.converter)).toEqual(["invert", "sepia"]);
    expect(Date.parse(v2.updatedAt)).toBeGreaterThanOrEqual(Date.parse(v1.updatedAt));

    // One card, showing the latest version; its images are the latest, under a new validator.
    expect(await list(ada)).toEqual([v2]);
    expect((await bytes(ada, v2.result)).equals(inverted)).toBe(true);
    expect((await bytes(ada, v2.original)).equals(coffee)).toBe(true);
    const latest = await request(v2.result, { headers: ada.headers });
    expect(latest.headers.get("etag")).not.toBe(etag1);
    expect(latest.headers.get("content-disposition")).toBe('inline; filename="IMG_2041-result.png"');
    // The first version's images are gone from the store: one item, three blobs.
    expect(await blobKeys(ada)).toHaveLength(3);
    expect(await runtime().services.blobs.get(`gallery/${ada.id}/${v1.id}/result`)).toBeUndefined();
  });

  it("without an editSession every save is an item of its own, as before; sessions are per user; a bad one is 400", async () => {
    const bob = await account();
    const plain = [await save(bob, {}), await save(bob, {})];
    expect(plain.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = (await Promise.all(plain.map((r) => r.json()))) as Item[];
    expect(a!.id).not.toBe(b!.id);
    // Older clients' items hold their own id as the session.
    expect(a!.editSession).toBe(a!.id);
    // Another user's session of the same name is another item.
    const carol = await account();
    expect((await save(carol, { editSession: "photo-1" })).status).toBe(201);
    expect((await save(bob, { editSession: "photo-1" })).status).toBe(507); // bob holds GALLERY_QUOTA_ITEMS (2) already
    for (const bad of ["", "with space", "x".repeat(101), "semi;colon"]) {
      const res = await save(carol, { editSession: bad });
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { title: string }).title).toBe("Invalid editSession");
    }
  });

  it("a new version takes no room of its own: a full gallery still takes the next version of an item it holds", async () => {
    const dan = await account();
    expect((await save(dan, { editSession: "one" })).status).toBe(201);
    expect((await save(dan, { editSession: "two" })).status).toBe(201);
    expect((await save(dan, { editSession: "three" })).status).toBe(507);
    for (let i = 0; i < 3; i++) expect((await save(dan, { editSession: "two", result: png(i % 2 ? grey : inverted) })).status).toBe(200);
    expect((await list(dan)).map((i) => [i.editSession, i.version])).toEqual([
      ["two", 4],
      ["one", 1],
    ]);
  });

  it("the worker saves a job into its editing session's item, and a job sent with gallery=skip not at all", async () => {
    const erin = await account();
    const job = async (fields: Record<string, string>) => {
      const res = await request("/api/conversions", { method: "POST", headers: erin.headers, body: form({ image: png(coffee), ...fields }, "holiday.png") });
      expect(res.status).toBe(202);
      const done = await pollUntilDone((path) => request(path, { headers: erin.headers }), ((await res.json()) as { id: string }).id);
      expect(done.status).toBe(200);
      return done.headers.get("x-gallery-id");
    };
    // Explicit saving: the page sends its jobs with gallery=skip, and nothing is kept until it saves.
    expect(await job({ steps: '[{"converter":"sepia"}]', gallery: "skip", editSession: "photo-9" })).toBeNull();
    expect(await list(erin)).toEqual([]);
    // Automatic saving: each job of the session is its item's newest version, with the upload's name.
    const first = await job({ steps: '[{"converter":"sepia"}]', editSession: "photo-9" });
    const second = await job({ steps: '[{"converter":"invert"}]', editSession: "photo-9" });
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
    // And the page's own save of that session joins the same item.
    expect(((await (await save(erin, { editSession: "photo-9" }, "holiday.png")).json()) as Item).id).toBe(first);
    expect((await list(erin)).map((i) => [i.id, i.version, i.fileName, i.converter])).toEqual([[first, 3, "holiday.png", "grayscale"]]);
    expect(await blobKeys(erin)).toHaveLength(3);
    // A job without a session is an item of its own, as before 1.9.0.
    const alone = await job({ converter: "grayscale" });
    expect(alone).not.toBe(first);
    expect(await list(erin)).toHaveLength(2);
  });
});
