// RATE_LIMIT_PER_MINUTE counts the address too: a signed-in request counts against its account
// and its address (which may make twice the limit for all its accounts together), on the shared
// Redis store when scaled out.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Runtime } from "../runtime";
import { backends } from "../test-backends";
import { coffee, form, fromAddress, png, quickAccounts, testRuntime } from "../testing";

describe.each(backends)("conversions a minute, RATE_LIMIT_PER_MINUTE=3 ($name)", (backend) => {
  let runtime: Runtime;
  let teardown: () => Promise<void>;
  let accounts: Awaited<ReturnType<typeof quickAccounts>>;
  beforeAll(async () => {
    const setup = await backend.setup();
    teardown = setup.teardown;
    // No worker: the jobs wait, and only the rate limit refuses (the job limit is far off).
    runtime = testRuntime({ ...setup.vars, RATE_LIMIT_PER_MINUTE: "3", MAX_JOBS_PER_CLIENT: "50" }, { worker: false });
    accounts = await quickAccounts(runtime.services, 9);
  }, 60_000);
  afterAll(async () => {
    await runtime.close();
    await teardown();
  });
  const post = (address: string, headers: Record<string, string> = {}) =>
    runtime.app.request("/api/conversions", { method: "POST", headers, body: form({ image: png(coffee), converter: "invert" }) }, fromAddress(address));
  const detailOf = async (res: Response) => ((await res.json()) as { detail: string }).detail;

  test("one address signing in as eight fresh accounts starts 6 conversions, not 24", async () => {
    const statuses = [];
    for (const account of accounts.slice(0, 8)) statuses.push(await post("198.51.100.21", account.headers));
    expect(statuses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202, 429, 429]);
    expect(Number(statuses[6]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await detailOf(statuses[6]!)).toMatch(/^At most 6 conversions a minute from your address, all its accounts together/);
    // Another address is another client.
    expect((await post("203.0.113.21")).status).toBe(202);
  });

  test("one account from two addresses starts 3", async () => {
    const { headers } = accounts[8]!;
    const statuses = [];
    for (const address of ["198.51.100.22", "198.51.100.23", "198.51.100.22", "198.51.100.23"]) statuses.push(await post(address, headers));
    expect(statuses.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    expect(await detailOf(statuses[3]!)).toMatch(/^At most 3 conversions a minute for your account/);
  });

  test("an anonymous address starts 3", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post("198.51.100.24")).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});
