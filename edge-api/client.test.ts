import { afterAll, describe, expect, test } from "vitest";
import { clientOfAddress } from "./client";
import { loadEnv } from "./env";
import { backends } from "./test-backends";
import { coffee, form, fromAddress, png, testRuntime } from "./testing";

const convert = (app: ReturnType<typeof testRuntime>["app"], peer: string, headers: Record<string, string> = {}) =>
  app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }), headers }, fromAddress(peer));

describe("X-Forwarded-For from a peer that is not a trusted proxy", () => {
  const runtime = testRuntime({ RATE_LIMIT_PER_MINUTE: "3", MAX_JOBS_PER_CLIENT: "100" }, { worker: false });
  const limited = testRuntime({ MAX_JOBS_PER_CLIENT: "2" }, { worker: false });
  afterAll(async () => {
    await runtime.close();
    await limited.close();
  });

  test("changes nothing: rotating it bypasses neither the rate limit nor the per-client job limit", async () => {
    // Nor does a new address in the same IPv6 /64.
    expect((await convert(runtime.app, "2001:db8::1")).status).toBe(202);
    expect((await convert(runtime.app, "2001:db8::2")).status).toBe(202);
    expect((await convert(runtime.app, "2001:db8::3")).status).toBe(202);
    expect((await convert(runtime.app, "2001:db8::4")).status).toBe(429);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await convert(runtime.app, "198.51.100.7", { "X-Forwarded-For": `203.0.113.${i}` })).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429]);
    // Another socket address is another client.
    expect((await convert(runtime.app, "198.51.100.8")).status).toBe(202);

    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push((await convert(limited.app, "198.51.100.9", { "X-Forwarded-For": `192.0.2.${i}, 10.0.0.${i}` })).status);
    expect(jobs).toEqual([202, 202, 429, 429]);
  });

  test("does not scope idempotency keys: the same key from the same socket is the same job", async () => {
    const key = { "Idempotency-Key": "k-1" };
    const a = (await (await convert(runtime.app, "198.51.100.20", { ...key, "X-Forwarded-For": "1.1.1.1" })).json()) as { id: string };
    const b = (await (await convert(runtime.app, "198.51.100.20", { ...key, "X-Forwarded-For": "2.2.2.2" })).json()) as { id: string };
    const stranger = (await (await convert(runtime.app, "198.51.100.21", key)).json()) as { id: string };
    expect(b.id).toBe(a.id);
    expect(stranger.id).not.toBe(a.id);
  });
});

describe("X-Forwarded-For from a trusted proxy", () => {
  const runtime = testRuntime({ RATE_LIMIT_PER_MINUTE: "2", TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" }, { worker: false });
  afterAll(() => runtime.close());

  test("names the client: the right-most address that is not a trusted proxy", async () => {
    // The client forged its own first entry; the ingress (10.1.1.1) appended what it saw.
    const via = (client: string) => ({ "X-Forwarded-For": `6.6.6.6, ${client}, 10.1.1.1` });
    expect((await convert(runtime.app, "10.2.2.2", via("203.0.113.50"))).status).toBe(202);
    expect((await convert(runtime.app, "10.2.2.2", via("203.0.113.50"))).status).toBe(202);
    expect((await convert(runtime.app, "10.2.2.2", via("203.0.113.50"))).status).toBe(429);
    // The same proxy, another client behind it; and a forged first entry changes nothing.
    expect((await convert(runtime.app, "10.2.2.2", via("203.0.113.51"))).status).toBe(202);
    expect((await convert(runtime.app, "10.2.2.2", { "X-Forwarded-For": "7.7.7.7, 203.0.113.50, 10.1.1.1" })).status).toBe(429);
  });
});

test("an IPv6 client is its /64; IPv4-mapped addresses are IPv4", () => {
  expect(clientOfAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
  expect(clientOfAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
  expect(clientOfAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
  expect(clientOfAddress("192.0.2.7")).toBe("192.0.2.7");
  expect(() => loadEnv({ TRUSTED_PROXIES: "10.0.0.0/8, not-an-address" })).toThrow(/TRUSTED_PROXIES/);
});

describe("with Redis, the rate limit holds across replicas", () => {
  const production = backends.find((b) => b.name === "production")!;
  test("two api replicas share one count per client", async () => {
    const { vars, teardown } = await production.setup();
    const replicas = [0, 1].map(() => testRuntime({ ...vars, RATE_LIMIT_PER_MINUTE: "3", MAX_JOBS_PER_CLIENT: "100" }, { worker: false }));
    try {
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await convert(replicas[i % 2]!.app, "198.51.100.30")).status);
      expect(statuses).toEqual([202, 202, 202, ...Array(9).fill(429)]);
      expect((await convert(replicas[1]!.app, "198.51.100.31")).status).toBe(202);
      // Each limit counts apart in the shared store: spent conversions leave registrations alone.
      const register = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "apart@example.org", password: "correct horse battery" }) };
      expect((await replicas[0]!.app.request("/api/auth/register", register, fromAddress("198.51.100.30"))).status).toBe(201);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await teardown();
    }
  });
});
