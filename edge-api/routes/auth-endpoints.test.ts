// Issue 17's first list, the auth endpoints: login CSRF, body size, bounded hashing, the client address.
import { afterAll, describe, expect, it } from "vitest";
import { fromAddress, testRuntime } from "../testing";

const runtime = testRuntime({ DATA_DIR: `./data/test/auth-endpoints-${process.pid}` }, { worker: false });
afterAll(() => runtime.close());
const request = (path: string, init: RequestInit = {}, peer = "192.0.2.50") => runtime.app.request(path, init, fromAddress(peer));
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const password = "correct horse battery";

describe("login CSRF", () => {
  it("refuses the foreign page's form post (text/plain, urlencoded) with 415 and sets no cookie; cross-site JSON is 403", async () => {
    expect((await request("/api/auth/register", json({ email: "victim-csrf@example.org", password }))).status).toBe(201);
    // What <form enctype="text/plain"> sends: a body that happens to parse as JSON.
    const forged = await request("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "text/plain", Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      body: `{"email":"victim-csrf@example.org","password":"${password}","x":"=1"}`,
    });
    expect([403, 415]).toContain(forged.status);
    expect(forged.headers.get("set-cookie")).toBeNull();
    // Without the fetch metadata (an older browser): the type alone refuses it.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await request("/api/auth/login", { method: "POST", headers: { "Content-Type": type }, body: JSON.stringify({ email: "victim-csrf@example.org", password }) });
      expect(res.status).toBe(415);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    const crossSite = await request("/api/auth/login", json({ email: "victim-csrf@example.org", password }, { "Sec-Fetch-Site": "cross-site" }));
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const own = await request("/api/auth/login", json({ email: "victim-csrf@example.org", password }, { "Sec-Fetch-Site": "same-origin" }));
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("no-store");
  });
});

describe("body size", () => {
  it("answers a 100 MB body with 413 without buffering it", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 100) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const before = process.memoryUsage.rss();
    const res = await request("/api/auth/register", { method: "POST", headers: { "Content-Type": "application/json" }, body, duplex: "half" } as RequestInit);
    const grew = (process.memoryUsage.rss() - before) / 1024 / 1024;
    console.log(`100 MB register body: ${res.status} after ${sent} MB read; RSS grew ${grew.toFixed(1)} MB`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toBe("Requests here are limited to 16 KB.");
    expect(sent).toBeLessThan(100);
    expect(grew).toBeLessThan(50);
  });
});

describe("registration", () => {
  it("40 parallel registrations from 40 addresses: every one 201 or 503 + Retry-After, and /readyz never waits behind the hashing", async () => {
    // Ordered by events, not timed: /readyz is asked while the registrations hash, and must answer
    // before the hashing ones have all finished (unbounded hashing once held it 30 s). Refusals
    // (503) come back at once; the 201s are the ones that hash.
    let created = 0;
    const registrations = Array.from({ length: 40 }, (_, i) =>
      Promise.resolve(request("/api/auth/register", json({ email: `parallel-${i}@example.org`, password }), `198.51.100.${i + 1}`)).then((res) => {
        if (res.status === 201) created++;
        return res;
      }),
    );
    const ready = await request("/readyz");
    const createdWhenReady = created;
    expect(ready.status).toBe(200);
    const results = await Promise.all(registrations);
    const statuses = results.map((r) => r.status);
    for (const r of results.filter((r) => r.status === 503)) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    const total = statuses.filter((s) => s === 201).length;
    expect(total).toBeGreaterThan(0);
    console.log(`40 registrations: ${total} × 201, ${statuses.filter((s) => s === 503).length} × 503; /readyz answered when ${createdWhenReady} of the ${total} accounts were made`);
    expect(createdWhenReady).toBeLessThan(total);
  }, 120_000);

  it("checks the email before hashing, and is throttled per client", async () => {
    expect((await request("/api/auth/register", json({ email: "taken@example.org", password }), "203.0.113.77")).status).toBe(201);
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await request("/api/auth/register", json({ email: "taken@example.org", password }), "203.0.113.77")).status);
    // Nine more this minute answer 409 at once (no hashing), then the client is over its 10.
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(409));
    expect(statuses.slice(9)).toEqual([429, 429, 429]);
  });
});

describe("the client address", () => {
  it("X-Forwarded-For rotation from an untrusted peer does not escape the per-address login limit", async () => {
    const statuses = [];
    for (let i = 0; i < 52; i++) {
      const res = await request("/api/auth/login", json({ email: `nobody-${i}@example.org`, password: "wrong password!" }, { "X-Forwarded-For": `1.2.3.${i}` }), "198.51.100.200");
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(50)).toEqual([429, 429]);
  }, 120_000);
});
