// An Idempotency-Key stands for one request: the same payload finds the same job; another
// payload under the same key is 422. Keys belong to the caller's identity: a signed-in user's
// retry from a new address finds its job, and no one else's key can reach it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, test } from "vitest";
import { ADAPTERS, jobsHarness, sleeper } from "../jobs/harness";
import { coffee, form, fromAddress, png, quickAccounts } from "../testing";

describe.each(ADAPTERS)("Idempotency-Key (%s)", (adapter) => {
  const dir = mkdtempSync(join(tmpdir(), "ie-idempotency-"));
  const { app, services, close } = jobsHarness(adapter, { DATA_DIR: dir }, sleeper(() => 0.05));
  afterAll(() => close().finally(() => rmSync(dir, { recursive: true, force: true })));
  const post = (key: string, fields: Record<string, string | Blob>, address = "198.51.100.40", headers: Record<string, string> = {}) =>
    app.request("/api/conversions", { method: "POST", headers: { "Idempotency-Key": key, ...headers }, body: form(fields) }, fromAddress(address));
  const idOf = async (res: Response) => {
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const invert = { image: png(coffee), converter: "invert" };

  test("the same payload returns the same job; another image, other steps or other export fields are 422", async () => {
    const first = await idOf(await post("k1", invert));
    expect(await idOf(await post("k1", { image: png(coffee), converter: "invert" }))).toBe(first);
    const otherImage = png(await sharp(coffee).flop().png().toBuffer());
    for (const fields of [{ image: otherImage, converter: "invert" }, { image: png(coffee), converter: "grayscale" }, { ...invert, format: "webp" }, { ...invert, quality: "50" }]) {
      const res = await post("k1", fields);
      expect(res.status, JSON.stringify(Object.keys(fields))).toBe(422);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/^This Idempotency-Key was used for a different request/);
    }
    // Another address is another caller, with keys of its own.
    expect(await idOf(await post("k1", { ...invert, format: "webp" }, "203.0.113.40"))).not.toBe(first);
  });

  test("a signed-in user's retry from a new address finds its job; another user's key of the same name does not", async () => {
    const [user, other] = await quickAccounts(services, 2);
    const first = await idOf(await post("k2", invert, "198.51.100.41", user!.headers));
    expect(await idOf(await post("k2", invert, "198.51.100.42", user!.headers))).toBe(first);
    expect(await idOf(await post("k2", invert, "198.51.100.41", other!.headers))).not.toBe(first);
    expect(await idOf(await post("k2", invert, "198.51.100.41"))).not.toBe(first);
  });
});
