// STORAGE_QUOTA_BYTES: all users' galleries together, checked atomically with each user's quota.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { backends } from "../test-backends";
import { coffee, form, fromAddress, png, runtimeOn } from "../testing";

const grey = await sharp(coffee).grayscale().png().toBuffer();

describe.each(backends)("server storage cap ($name)", (backend) => {
  // Room for two saves of this pair (with their thumbnails, far smaller), not three.
  const pair = coffee.byteLength + grey.byteLength;
  const runtime = runtimeOn(backend, { STORAGE_QUOTA_BYTES: String(Math.floor(2.5 * pair)) }, { worker: false });
  let accounts = 0;
  const account = async (name: string) => {
    const peer = `198.18.7.${++accounts}`;
    const body = JSON.stringify({ email: `${name}@example.org`, password: "correct horse battery" });
    const post = (path: string) => runtime().app.request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body }, fromAddress(peer));
    expect((await post("/api/auth/register")).status).toBe(201);
    const auth = { Authorization: `Bearer ${((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token}` };
    return {
      save: () => runtime().app.request("/api/gallery", { method: "POST", headers: auth, body: form({ original: png(coffee), result: png(grey), converter: "grayscale", params: "{}" }) }, fromAddress(peer)),
      remove: (id: string) => runtime().app.request(`/api/gallery/${id}`, { method: "DELETE", headers: auth }, fromAddress(peer)),
    };
  };

  it("two users saving at once cannot pass the cap together; a save under it works again once room is made", async () => {
    const [ada, bob] = [await account("ada"), await account("bob")];
    // Neither user is near a quota of their own: only the total can refuse them.
    const answers = await Promise.all([ada.save(), bob.save(), ada.save(), bob.save()]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 507)).toHaveLength(2);
    const refused = answers.find((r) => r.status === 507)!;
    expect(await refused.json()).toMatchObject({ title: "Storage full", detail: expect.stringMatching(/^The server's storage is full/) });
    const kept = answers.find((r) => r.status === 201)!;
    const { id } = (await kept.json()) as { id: string };
    // Deleting frees the room (the account that owns the item deletes it).
    const owner = answers.indexOf(kept) % 2 === 0 ? ada : bob;
    expect((await owner.remove(id)).status).toBe(204);
    expect((await bob.save()).status).toBe(201);
    expect((await ada.save()).status).toBe(507);
  }, 120_000);
});
