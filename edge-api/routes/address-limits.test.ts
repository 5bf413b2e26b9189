// One address is one client, however many accounts it signs in as: its jobs share one lane of
// the round-robin, it holds 2 × MAX_JOBS_PER_CLIENT jobs for its accounts together (MAX alone when
// anonymous), and each account holds MAX from any address.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ADAPTERS, jobsHarness, sleeper } from "../jobs/harness";
import { coffee, form, fromAddress, png, pollUntilDone, quickAccounts } from "../testing";

type Account = Awaited<ReturnType<typeof quickAccounts>>[number];

function harness(adapter: (typeof ADAPTERS)[number], vars: Record<string, string>, seconds: number) {
  // A database of its own, for the accounts.
  const dir = mkdtempSync(join(tmpdir(), "ie-address-limits-"));
  const made = jobsHarness(adapter, { DATA_DIR: dir, ...vars }, sleeper(() => seconds));
  const post = (address: string, account?: Account) =>
    made.app.request("/api/conversions", { method: "POST", headers: account?.headers ?? {}, body: form({ image: png(coffee), converter: "invert" }) }, fromAddress(address));
  return { ...made, post, close: () => made.close().finally(() => rmSync(dir, { recursive: true, force: true })) };
}

const detailOf = async (res: Response) => ((await res.json()) as { detail: string }).detail;

describe.each(ADAPTERS)("per-address and per-account job limits, MAX_JOBS_PER_CLIENT=2 (%s)", (adapter) => {
  // Jobs that run until cancelled: what each client holds stays put while the test counts.
  const { post, services, close } = harness(adapter, { MAX_JOBS_PER_CLIENT: "2" }, 600);
  let accounts: Account[];
  beforeAll(async () => {
    accounts = await quickAccounts(services, 8);
  }, 60_000);
  afterAll(close);

  test("one address signing in as six fresh accounts holds at most 4 jobs; a stranger is not held back", async () => {
    const tries = await Promise.all(accounts.slice(0, 6).flatMap((account) => [post("198.51.100.1", account), post("198.51.100.1", account)]));
    expect(tries.filter((r) => r.status === 202)).toHaveLength(4);
    const refused = tries.filter((r) => r.status === 429);
    expect(refused).toHaveLength(8);
    for (const res of refused) expect(await detailOf(res)).toMatch(/^At most 4 conversions from your address, all its accounts together, can be queued or running at once/);
    expect((await post("203.0.113.1")).status).toBe(202);
  });

  test("one account from two addresses holds its own limit of 2", async () => {
    const account = accounts[6]!;
    const tries = [];
    for (const address of ["198.51.100.2", "198.51.100.3", "198.51.100.2", "198.51.100.3"]) tries.push(await post(address, account));
    expect(tries.map((r) => r.status)).toEqual([202, 202, 429, 429]);
    expect(await detailOf(tries[2]!)).toMatch(/^At most 2 of your account's conversions can be queued or running at once, from any address/);
  });

  test("an anonymous address keeps 2, while its signed-in accounts may still use the address's room", async () => {
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push(await post("198.51.100.4"));
    expect(tries.map((r) => r.status)).toEqual([202, 202, 429]);
    expect(await detailOf(tries[2]!)).toMatch(/^At most 2 of your conversions can be queued or running at once/);
    expect((await post("198.51.100.4", accounts[7])).status).toBe(202);
  });
});

describe.each(ADAPTERS)("fair share across accounts (%s)", (adapter) => {
  // One slot, jobs of 0.3 s each.
  const { post, services, queue, app, close } = harness(adapter, {}, 0.3);
  afterAll(close);

  test("a stranger's one job waits for the job running when it came, not for the address's many accounts' jobs", async () => {
    const accounts = await quickAccounts(services, 4);
    const crowd = await Promise.all(accounts.map((account) => post("198.51.100.10", account)));
    expect(crowd.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    const crowdIds = await Promise.all(crowd.map(async (r) => ((await r.json()) as { id: string }).id));
    const stranger = await post("203.0.113.20");
    expect(stranger.status).toBe(202);
    const strangerId = ((await stranger.json()) as { id: string; queuePosition: number }).id;
    expect((await pollUntilDone((p) => app.request(p, {}, fromAddress("203.0.113.20")), strangerId)).status).toBe(200);
    for (const [i, id] of crowdIds.entries()) expect((await pollUntilDone((p) => app.request(p, { headers: accounts[i]!.headers }), id)).status).toBe(200);
    const finishedAt = async (id: string) => (await queue.get(id))!.finishedAt!;
    const crowdDone = (await Promise.all(crowdIds.map(finishedAt))).sort((a, b) => a - b);
    // Round-robin by address: the stranger's job ran second, before the crowd's second.
    expect(await finishedAt(strangerId)).toBeLessThan(crowdDone[1]!);
  }, 60_000);
});
