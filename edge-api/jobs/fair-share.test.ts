import { afterAll, describe, expect, test } from "vitest";
import { coffee, form, fromAddress, png, pollUntilDone } from "../testing";
import { ADAPTERS, jobsHarness, sleeper } from "./harness";

describe.each(ADAPTERS)("fair share (%s)", (adapter) => {
  // One slot, jobs of 0.3 s each; two clients by their socket addresses.
  const { app, queue, close } = jobsHarness(adapter, {}, sleeper(() => 0.3));
  afterAll(close);
  const post = (address: string) => app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) }, fromAddress(address));
  const A = "198.51.100.10";
  const B = "203.0.113.20";

  test("client A's 40 jobs get 429 past its 4; client B's one job runs next, before A's second and fifth", async () => {
    const tries = await Promise.all(Array.from({ length: 40 }, () => post(A)));
    const accepted = tries.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(4);
    const refused = tries.filter((r) => r.status === 429);
    expect(refused).toHaveLength(36);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused[0]!.json()) as { detail: string }).detail).toMatch(/At most 4 of your conversions/);
    const aIds = await Promise.all(accepted.map(async (r) => ((await r.json()) as { id: string }).id));

    const b = await post(B);
    expect(b.status).toBe(202);
    const bId = ((await b.json()) as { id: string; queuePosition: number }).id;
    // A's fifth is accepted only once one of A's first four has finished.
    let fifth: Response;
    while ((fifth = await post(A)).status === 429) await new Promise((r) => setTimeout(r, 50));
    expect(fifth.status).toBe(202);
    aIds.push(((await fifth.json()) as { id: string }).id);

    for (const id of [...aIds, bId]) expect((await pollUntilDone((p) => app.request(p, {}, fromAddress(id === bId ? B : A)), id)).status).toBe(200);
    const finishedAt = async (id: string) => (await queue.get(id))!.finishedAt!;
    const aDone = await Promise.all(aIds.map(finishedAt));
    const bDone = await finishedAt(bId);
    const order = [...aDone].sort((x, y) => x - y);
    expect(bDone).toBeLessThan(aDone[4]!);
    // Round-robin: B waited for the job running when it came, and no other.
    expect(bDone).toBeLessThan(order[1]!);
  }, 60_000);
});
