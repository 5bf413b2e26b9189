// Deleting an account while its jobs run: they are cancelled first (the running one's worker
// hears it at its next heartbeat, and its slot is free for the next job), and nothing of the
// account is left in the blob store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ADAPTERS, jobsHarness, sleeper } from "../jobs/harness";
import { coffee, form, fromAddress, png, pollUntilDone, quickAccounts } from "../testing";

describe.each(ADAPTERS)("DELETE /api/auth/me with jobs queued and running (%s)", (adapter) => {
  const dir = mkdtempSync(join(tmpdir(), "ie-account-jobs-"));
  // One slot; "slow.png" runs for ten minutes unless stopped, anything else at once.
  const convert = sleeper((job) => (job.fileName === "slow.png" ? 600 : 0.05));
  const { app, queue, services, close } = jobsHarness(adapter, { DATA_DIR: dir, JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" }, convert, 1, { saveToGallery: true });
  afterAll(() => close().finally(() => rmSync(dir, { recursive: true, force: true })));
  const post = (name: string, headers: Record<string, string> = {}) =>
    app.request("/api/conversions", { method: "POST", headers, body: form({ image: png(coffee), converter: "invert" }, name) }, fromAddress("198.51.100.30"));
  const idOf = async (res: Response) => {
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  async function blobsOf(userId: string) {
    const keys = [];
    for await (const blob of services.blobs.list(`gallery/${userId}/`)) keys.push(blob.key);
    return keys;
  }

  test("cancels both at once, frees the worker slot for the next job, and leaves no blobs", async () => {
    const [user] = await quickAccounts(services, 1);
    const { headers } = user!;
    // A finished job saved to the gallery: the account has blobs to delete.
    const saved = await pollUntilDone((p) => app.request(p, { headers }), await idOf(await post("quick.png", headers)));
    expect(saved.headers.get("x-gallery-id")).toBeTruthy();
    expect(await blobsOf(user!.id)).toHaveLength(3);

    const running = await idOf(await post("slow.png", headers));
    while ((await queue.get(running))?.status !== "running") await new Promise((r) => setTimeout(r, 20));
    const queued = await idOf(await post("slow.png", headers));
    expect(await queue.get(queued)).toMatchObject({ status: "queued" });

    expect((await app.request("/api/auth/me", { method: "DELETE", headers })).status).toBe(204);
    expect(await queue.get(running)).toMatchObject({ status: "cancelled" });
    expect(await queue.get(queued)).toMatchObject({ status: "cancelled" });
    // The account's token now answers 401; to anyone else its jobs are unknown.
    for (const id of [running, queued]) expect((await app.request(`/api/jobs/${id}`)).status).toBe(404);

    // The one slot takes a stranger's job next: the ten-minute job no longer holds it.
    const stranger = await app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) }, fromAddress("203.0.113.30"));
    expect((await pollUntilDone((p) => app.request(p), await idOf(stranger))).status).toBe(200);
    expect(await blobsOf(user!.id)).toEqual([]);
  }, 60_000);
});
