import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime } from "../runtime";
import { backends } from "../test-backends";
import { coffee, fixtures, form, png, pollUntilDone, testRuntime } from "../testing";
import type { z } from "@hono/zod-openapi";
import type { GalleryItem } from "../../contract/schemas";

type Item = z.infer<typeof GalleryItem>;

const SECRET = { JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" };
const grey = await sharp(coffee).grayscale().png().toBuffer();

describe.each(backends)("gallery ($name)", (backend) => {
  let vars: Record<string, string>;
  let teardown: () => Promise<void>;
  let runtime: Runtime;
  const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
  const as = (token: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as object), Authorization: `Bearer ${token}` } });
  const account = async (name: string) => {
    const credentials = JSON.stringify({ email: `${name}-${Date.now()}@example.org`, password: "correct horse battery" });
    const post = (path: string) => request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
    expect((await post("/api/auth/register")).status).toBe(201);
    return ((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token;
  };
  const save = (token: string, fields: Record<string, string | Blob> = {}) =>
    request("/api/gallery", as(token, { method: "POST", body: form({ original: png(coffee), result: png(grey), converter: "grayscale", params: "{}", ...fields }) }));
  const list = async (token: string, query = "") => (await (await request(`/api/gallery${query}`, as(token))).json()) as { items: Item[]; nextCursor: string | null };

  beforeAll(async () => {
    ({ vars, teardown } = await backend.setup());
    runtime = testRuntime({ ...vars, ...SECRET });
  }, 60_000);
  afterAll(async () => {
    await runtime.close();
    await teardown();
  });

  it("saves a logged-in user's server job in the worker, with X-Gallery-Id on the result", async () => {
    const token = await account("ada");
    const res = await request("/api/conversions", as(token, { method: "POST", body: form({ image: png(coffee), converter: "sepia", format: "webp" }) }));
    const { id } = (await res.json()) as { id: string };
    const done = await pollUntilDone((path) => request(path, as(token)), id);
    expect(done.status).toBe(200);
    const galleryId = done.headers.get("x-gallery-id");
    expect(galleryId).toMatch(/^[0-9a-f-]{36}$/);
    const result = new Uint8Array(await done.arrayBuffer());

    const { items } = await list(token);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: galleryId, converter: "sepia", width: 600, height: 400, thumb: `/api/gallery/${galleryId}/thumb` });
    expect(Date.parse(items[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const original = await request(items[0]!.original, as(token));
    expect(original.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await original.arrayBuffer()).equals(coffee)).toBe(true);
    const stored = await request(items[0]!.result, as(token));
    expect(stored.headers.get("content-type")).toBe("image/webp");
    expect(Buffer.from(await stored.arrayBuffer()).equals(Buffer.from(result))).toBe(true);
    const thumb = await request(items[0]!.thumb, as(token));
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ width: 320, height: 213 });
  });

  it("saves a job whose browser has gone: nobody polls it", async () => {
    const token = await account("gone");
    await request("/api/conversions", as(token, { method: "POST", body: form({ image: png(coffee), converter: "invert" }) }));
    const deadline = Date.now() + 20_000;
    while ((await list(token)).items.length === 0) {
      if (Date.now() > deadline) throw new Error("the job was never saved");
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await list(token)).items[0]).toMatchObject({ converter: "invert" });
  });

  it("saves an on-device conversion, chains included, and refuses bad uploads with clear errors", async () => {
    const token = await account("bob");
    const one = await save(token);
    expect(one.status).toBe(201);
    expect(await one.json()).toMatchObject({ converter: "grayscale", params: {}, width: 600, height: 400 });
    const chain = await save(token, { converter: "grayscale,rotate", params: JSON.stringify([{}, { angle: 90 }]) });
    expect(chain.status).toBe(201);
    expect(await chain.json()).toMatchObject({ converter: "grayscale,rotate", params: [{}, { angle: 90 }], steps: [{ converter: "grayscale", params: {} }, { converter: "rotate", params: { angle: 90 } }] });
    // The steps form: one JSON array, params with their defaults filled in.
    const stepped = await save(token, { converter: "", steps: JSON.stringify([{ converter: "upscale", params: { scale: 4 } }, { converter: "sepia" }]) });
    expect(stepped.status).toBe(201);
    expect(await stepped.json()).toMatchObject({ converter: "upscale,sepia", steps: [{ converter: "upscale", params: { scale: 4 } }, { converter: "sepia", params: {} }] });

    const text = new Blob(["not an image at all, just some text"], { type: "image/png" });
    const truncated = png(grey.subarray(0, grey.length / 2));
    const cases: [Record<string, string | Blob>, number][] = [
      [{ converter: "no-such-converter" }, 400],
      [{ params: "{not json" }, 400],
      [{ converter: "rotate", params: JSON.stringify({ angle: "sideways" }) }, 400],
      [{ converter: "grayscale,rotate", params: "{}" }, 400],
      [{ steps: '[{"converter":"upscale","params":{"scale":3}}]' }, 400],
      [{ steps: "[]" }, 400],
      [{ result: text }, 415],
      [{ original: text }, 415],
      [{ result: truncated }, 422],
    ];
    for (const [fields, status] of cases) {
      const res = await save(token, fields);
      expect(res.status, JSON.stringify(Object.keys(fields))).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const missing = await request("/api/gallery", as(token, { method: "POST", body: form({ original: png(coffee), converter: "grayscale" }) }));
    expect(missing.status).toBe(400);
    expect((await list(token)).items).toHaveLength(3);
  });

  it("pages newest first with an opaque cursor, and rejects a bad one", async () => {
    const token = await account("carol");
    for (let i = 0; i < 5; i++) expect((await save(token, { converter: "brightness", params: JSON.stringify({ amount: i / 2 }) })).status).toBe(201);
    const seen: unknown[] = [];
    let cursor: string | null = "";
    let pages = 0;
    do {
      const page = await list(token, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((i) => i.steps[0]!.params.amount));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([2, 1.5, 1, 0.5, 0]);
    for (const q of ["?cursor=bm9wZQ", "?limit=0", "?limit=1000", "?limit=abc"]) expect((await request(`/api/gallery${q}`, as(token))).status).toBe(400);
  });

  it("serves images with a strong ETag and no-store, and deletes an item with its images", async () => {
    const token = await account("dan");
    const item = (await (await save(token)).json()) as Item;
    const first = await request(item.result, as(token));
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("private, no-store");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    const again = await request(item.result, as(token, { headers: { "If-None-Match": etag } }));
    expect(again.status).toBe(304);

    expect((await request(`/api/gallery/${item.id}`, as(token, { method: "DELETE" }))).status).toBe(204);
    expect((await request(`/api/gallery/${item.id}`, as(token))).status).toBe(404);
    expect((await request(item.thumb, as(token))).status).toBe(404);
    expect((await request(`/api/gallery/${item.id}`, as(token, { method: "DELETE" }))).status).toBe(404);
    // The bytes are gone from the store, not just unlisted.
    const blobs = vars.BLOB_STORE?.replace("file://", "") ?? join(vars.DATA_DIR!, "blobs");
    const user = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sub as string;
    expect(() => readFileSync(join(blobs, "gallery", user, item.id, "result"))).toThrow(/ENOENT/);
  });

  it("answers 404 for another user's item, and 401 without a login", async () => {
    const alice = await account("alice");
    const mallory = await account("mallory");
    const item = (await (await save(alice)).json()) as Item;
    for (const path of [`/api/gallery/${item.id}`, item.original, item.result, item.thumb]) {
      const res = await request(path, as(mallory));
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(item.id.slice(0, 8) + "-");
      expect((await request(path)).status).toBe(401);
    }
    expect((await request(`/api/gallery/${item.id}`, as(mallory, { method: "DELETE" }))).status).toBe(404);
    expect((await list(mallory)).items).toEqual([]);
    expect((await request(item.thumb, as(alice))).status).toBe(200);
    for (const bad of ["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", `${item.id}/secrets`, "00000000-0000-0000-0000-000000000000/original"]) {
      expect((await request(`/api/gallery/${bad}`, as(alice))).status, bad).toBe(404);
    }
  });

  it("refuses a cookie-authenticated delete from a foreign origin", async () => {
    const token = await account("erin");
    const item = (await (await save(token)).json()) as Item;
    const cookie = `session=${token}`;
    const del = (headers: Record<string, string>) => request(`http://localhost/api/gallery/${item.id}`, { method: "DELETE", headers: { Cookie: cookie, ...headers } });
    expect((await del({ Origin: "https://evil.example" })).status).toBe(403);
    expect((await del({ Origin: "http://localhost" })).status).toBe(204);
  });
});

it("the gallery outlives a restart on PGlite", async () => {
  const { vars, teardown } = await backends[0]!.setup();
  const first = testRuntime(vars);
  const credentials = JSON.stringify({ email: "restart@example.org", password: "correct horse battery" });
  const post = (rt: Runtime, path: string) => rt.app.request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
  await post(first, "/api/auth/register");
  const before = ((await (await post(first, "/api/auth/login?token=1")).json()) as { token: string }).token;
  const saved = await first.app.request("/api/gallery", {
    method: "POST",
    headers: { Authorization: `Bearer ${before}` },
    body: form({ original: png(readFileSync(join(fixtures, "coffee.png"))), result: png(grey), converter: "grayscale" }),
  });
  const item = (await saved.json()) as Item;
  await first.close();

  // A new process on the same DATA_DIR: the same signing key, database and blobs.
  const second = testRuntime(vars);
  try {
    expect((await second.app.request("/api/gallery", { headers: { Authorization: `Bearer ${before}` } })).status).toBe(200);
    const after = ((await (await post(second, "/api/auth/login?token=1")).json()) as { token: string }).token;
    const page = (await (await second.app.request("/api/gallery", { headers: { Authorization: `Bearer ${after}` } })).json()) as { items: Item[] };
    expect(page.items.map((i) => i.id)).toEqual([item.id]);
    const result = await second.app.request(item.result, { headers: { Authorization: `Bearer ${after}` } });
    expect(Buffer.from(await result.arrayBuffer()).equals(grey)).toBe(true);
  } finally {
    await second.close();
    await teardown();
  }
});
