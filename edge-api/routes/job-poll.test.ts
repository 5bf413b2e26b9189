// GET /api/jobs/{id} runs ahead of the /api middleware (routes/job-poll.ts) and tells the caller's
// user only when it must. Who may see a job, and what a bad credential gets, are as before: a job
// someone signed in made is theirs alone, and a Bearer token that does not verify is a 401.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test, vi } from "vitest";
import { SESSION_COOKIE } from "../auth/tokens";
import { ADAPTERS, jobsHarness, sleeper } from "../jobs/harness";
import { REPLICA } from "../metrics";
import { coffee, form, fromAddress, png, quickAccounts } from "../testing";

describe.each(ADAPTERS)("polling a job (%s)", (adapter) => {
  const dir = mkdtempSync(join(tmpdir(), "ie-job-poll-"));
  // Two slots, each job running for ten minutes unless stopped: every poll here sees 202.
  const { app, queue, services, close } = jobsHarness(adapter, { DATA_DIR: dir, JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" }, sleeper(() => 600), 2);
  afterAll(() => close().finally(() => rmSync(dir, { recursive: true, force: true })));
  const submit = async (headers: Record<string, string> = {}) => {
    const res = await app.request("/api/conversions", { method: "POST", headers, body: form({ image: png(coffee), converter: "invert" }) }, fromAddress("198.51.100.40"));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    // The worker has two free slots: the job starts at once (a hang guard, no duration asserted).
    await vi.waitFor(async () => expect((await queue.get(id))?.status).toBe("running"), { timeout: 30_000 });
    return id;
  };
  const poll = (id: string, headers: Record<string, string> = {}) => app.request(`/api/jobs/${id}`, { headers }, fromAddress("198.51.100.41"));
  const cookieOf = (bearer: Record<string, string>) => ({ Cookie: `${SESSION_COOKIE}=${bearer.Authorization!.slice("Bearer ".length)}` });

  test("an anonymous job: anyone with its id, a stale cookie is anonymous, a bad Bearer token is 401", async () => {
    const id = await submit();
    const res = await poll(id);
    expect(res.status).toBe(202);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-served-by")).toBe(REPLICA);
    expect(await res.json()).toMatchObject({ id, status: "running" });
    expect((await poll(id, { Cookie: `${SESSION_COOKIE}=not-a-token` })).status).toBe(202);
    const refused = await poll(id, { Authorization: "Bearer not-a-token" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await poll("no-such-job-0000000000")).status).toBe(404);
  });

  test("a signed-in user's job: theirs by Bearer or cookie, 404 to anyone else, and gone with their session", async () => {
    const [owner, other] = await quickAccounts(services, 2);
    const id = await submit(owner!.headers);
    expect((await poll(id, owner!.headers)).status).toBe(202);
    expect((await poll(id, cookieOf(owner!.headers))).status).toBe(202);
    expect((await poll(id, other!.headers)).status).toBe(404);
    expect((await poll(id, cookieOf(other!.headers))).status).toBe(404);
    expect((await poll(id)).status).toBe(404);
    // Signed out everywhere: the token no longer opens it.
    await services.sessions.endOthers(owner!.id);
    expect((await poll(id, owner!.headers)).status).toBe(401);
    expect((await poll(id, cookieOf(owner!.headers))).status).toBe(404);
  });
});
