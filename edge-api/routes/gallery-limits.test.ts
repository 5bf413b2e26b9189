// What one address may do to the gallery, whatever accounts it brings (issue 28).
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { backends } from "../test-backends";
import { coffee, form, fromAddress, png, runtimeOn } from "../testing";

const grey = await sharp(coffee).grayscale().png().toBuffer();

describe.each(backends)("gallery limits ($name)", (backend) => {
  const runtime = runtimeOn(backend, { GALLERY_SAVES_PER_MINUTE: "3" }, { worker: false });
  const request = (path: string, init: RequestInit, peer: string) => runtime().app.request(path, init, fromAddress(peer));
  // Each account registered from an address of its own: registrations are limited per address.
  let accounts = 0;
  const account = async (name: string) => {
    const body = JSON.stringify({ email: `${name}-${++accounts}@example.org`, password: "correct horse battery" });
    const post = (path: string) => request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body }, `198.18.9.${accounts}`);
    expect((await post("/api/auth/register")).status).toBe(201);
    return { Authorization: `Bearer ${((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token}` };
  };
  const save = (auth: Record<string, string>, peer: string) =>
    request("/api/gallery", { method: "POST", headers: auth, body: form({ original: png(coffee), result: png(grey), converter: "grayscale", params: "{}" }) }, peer);

  it("counts saves per user and per address: one address may make twice a user's, however many accounts it brings", async () => {
    const peer = "203.0.113.90";
    const [a, b, c] = [await account("household-a"), await account("household-b"), await account("household-c")];
    const statuses = async (auth: Record<string, string>, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await save(auth, peer)).status);
      return out;
    };
    expect(await statuses(a, 4)).toEqual([201, 201, 201, 429]);
    // A second account on the same address: its own three, which fill the address' six.
    expect(await statuses(b, 3)).toEqual([201, 201, 201]);
    const third = await save(c, peer);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { detail: string }).detail).toMatch(/At most 6 gallery saves from one address a minute/);
    // The same account from another address is not held back by this one.
    expect((await save(c, "203.0.113.91")).status).toBe(201);
  }, 120_000);
});
