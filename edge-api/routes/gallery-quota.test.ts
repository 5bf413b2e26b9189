import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { backends } from "../test-backends";
import { coffee, form, fromAddress, png, runtimeOn } from "../testing";

const grey = await sharp(coffee).grayscale().png().toBuffer();

describe.each(backends)("gallery quota ($name)", (backend) => {
  // Room for about three saves of this pair (the original, the result and a thumbnail).
  const pair = coffee.byteLength + grey.byteLength;
  const runtime = runtimeOn(backend, { GALLERY_QUOTA_BYTES: String(Math.floor(3.5 * pair)), GALLERY_SAVES_PER_MINUTE: "12" }, { worker: false });
  const request = (path: string, init: RequestInit = {}) => runtime().app.request(path, init, fromAddress("192.0.2.80"));
  const account = async (name: string) => {
    const body = JSON.stringify({ email: `${name}-${Date.now()}@example.org`, password: "correct horse battery" });
    const post = (path: string) => request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    expect((await post("/api/auth/register")).status).toBe(201);
    return { Authorization: `Bearer ${((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token}` };
  };
  const save = (auth: Record<string, string>) =>
    request("/api/gallery", { method: "POST", headers: auth, body: form({ original: png(coffee), result: png(grey), converter: "grayscale", params: "{}" }) });

  it("a full gallery answers 507 with what to do, even to saves sent at once; deleting makes room; saves are rate-limited", async () => {
    const auth = await account("quota");
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => save(auth)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 507)).toHaveLength(3);
    const full = await save(auth);
    expect(full.status).toBe(507);
    expect(((await full.json()) as { detail: string }).detail).toMatch(/Your gallery holds 3 items .* Delete some items/);
    // Another user has a quota of their own.
    expect((await save(await account("other"))).status).toBe(201);
    const { items } = (await (await request("/api/gallery", { headers: auth })).json()) as { items: { id: string }[] };
    expect((await request(`/api/gallery/${items[0]!.id}`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await save(auth)).status).toBe(201);
    // 8 saves so far this minute, of 12.
    const more = [];
    for (let i = 0; i < 5; i++) more.push((await save(auth)).status);
    expect(more.slice(0, 4)).toEqual([507, 507, 507, 507]);
    expect(more[4]).toBe(429);
  });
});
