// Finished results held for pickup have a byte budget (MAX_HELD_RESULT_BYTES): while they take
// it, a new job is 503 with Retry-After until enough of them expire; freeing one makes room.
import { afterAll, describe, expect, test } from "vitest";
import { ADAPTERS, jobsHarness, sleeper } from "../jobs/harness";
import { coffee, form, png, pollUntilDone } from "../testing";

describe.each(ADAPTERS)("MAX_HELD_RESULT_BYTES (%s)", (adapter) => {
  // The test converter's result is its input: one coffee.png result takes the whole budget.
  const { app, close } = jobsHarness(adapter, { MAX_HELD_RESULT_BYTES: String(coffee.byteLength), JOB_TTL_SECONDS: "30" }, sleeper(() => 0.05));
  afterAll(close);
  const post = () => app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) });
  const status = async () => ((await (await app.request("/api/status")).json()) as { queue: { heldResultBytes: number } }).queue;

  test("a full budget refuses new jobs with 503, Retry-After and clear words, until a result is freed", async () => {
    const first = (await (await post()).json()) as { id: string };
    // Reading the result does not free it: it is held until deleted or expired.
    expect((await pollUntilDone((p) => app.request(p), first.id)).status).toBe(200);
    expect((await app.request(`/api/jobs/${first.id}`)).status).toBe(200);
    expect(await status()).toMatchObject({ heldResultBytes: coffee.byteLength });

    const refused = await post();
    expect(refused.status).toBe(503);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const body = (await refused.json()) as { title: string; detail: string };
    expect(body.detail).toBe(`Too many finished results are waiting to be collected; try again in ${retryAfter} s.`);

    expect((await app.request(`/api/jobs/${first.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await status()).toMatchObject({ heldResultBytes: 0 });
    expect((await post()).status).toBe(202);
  });
});
