import { afterAll, describe, expect, test } from "vitest";
import { coffee, form, png, pollUntilDone } from "../testing";
import { ADAPTERS, jobsHarness, sleeper } from "./harness";

describe.each(ADAPTERS)("JOB_TTL_SECONDS=3 (%s)", (adapter) => {
  // A converter that takes 5 s and reports progress as it goes: longer than the TTL.
  const { app, close } = jobsHarness(adapter, { JOB_TTL_SECONDS: "3" }, sleeper(() => 5), 2);
  const start = async () => {
    const res = await app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) });
    return ((await res.json()) as { id: string }).id;
  };
  afterAll(close);

  test("a heartbeating job outlives the TTL, its progress only rises, and its unfetched result expires", async () => {
    const id = await start();
    const seen: number[] = [];
    const done = await pollUntilDone(async (path) => {
      const res = await app.request(path);
      if (res.status === 202) seen.push(((await res.clone().json()) as { progress: number }).progress);
      return res;
    }, id);
    expect(done.status).toBe(200);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBeGreaterThan(0.5);

    // A result lives 3 s after the job finished, however often it is read, and then answers 404.
    const unfetched = await start();
    for (let status = 202; status === 202; ) {
      await new Promise((r) => setTimeout(r, 250));
      const res = await app.request(`/api/jobs/${unfetched}`, { method: "GET" });
      status = res.status === 202 ? 202 : 0;
    }
    const finished = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await app.request(`/api/jobs/${unfetched}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await app.request(`/api/jobs/${unfetched}`)).status).toBe(404);
    expect(Date.now() - finished).toBeGreaterThanOrEqual(3000);
  }, 30_000);
});

describe.each(ADAPTERS)("a backlog behind a long job, JOB_TTL_SECONDS=3 and one slot (%s)", (adapter) => {
  // The file's name says how long: a 10 s job, then quick ones queued behind it for far longer than the TTL.
  const { app, close } = jobsHarness(adapter, { JOB_TTL_SECONDS: "3", MAX_JOBS_PER_CLIENT: "10" }, sleeper((job) => (job.fileName === "long.png" ? 10 : 0.1)));
  afterAll(close);

  test("every queued job waits its turn and finishes with 200; none answers 404 while queued", async () => {
    const post = async (name: string) => {
      const body = form({ image: png(coffee), converter: "invert" }, name);
      const res = await app.request("/api/conversions", { method: "POST", body });
      expect(res.status).toBe(202);
      return ((await res.json()) as { id: string }).id;
    };
    const ids = [await post("long.png")];
    for (let i = 0; i < 5; i++) ids.push(await post("quick.png"));
    const statuses = new Map<string, number[]>(ids.map((id) => [id, []]));
    const positions: number[] = [];
    const results = await Promise.all(
      ids.map((id) =>
        pollUntilDone(async (path) => {
          const res = await app.request(path);
          statuses.get(id)!.push(res.status);
          if (res.status === 202) {
            const body = (await res.clone().json()) as { status: string; queuePosition?: number };
            if (body.status === "queued") positions.push(body.queuePosition!);
          }
          return res;
        }, id, 60_000),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const seen of statuses.values()) expect(seen.filter((s) => s !== 202 && s !== 200)).toEqual([]);
    // The last of them was queued for more than the 3 s TTL, and said where it stood.
    expect(statuses.get(ids[5]!)!.length).toBeGreaterThan(20);
    expect(positions).toContain(4);
  }, 60_000);
});
