import { readFileSync, readdirSync } from "node:fs";
import { SignJWT } from "jose";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../runtime";
import { openBlobStore } from "../blobs";
import { loadEnv } from "../env";
import { backends } from "../test-backends";
import { coffee, form, fromAddress, png, testRuntime } from "../testing";

describe.each(backends)("accounts ($name)", (backend) => {
  let vars: Record<string, string>;
  let teardown: () => Promise<void>;
  let runtime: Runtime;
  beforeAll(async () => {
    ({ vars, teardown } = await backend.setup());
    // 10.0.0.0/8 is the proxy in front; every client here connects from other ranges.
    runtime = testRuntime({ ...vars, JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256", TRUSTED_PROXIES: "10.0.0.0/8" }, { worker: false });
  }, 60_000);
  const request = (path: string, init?: RequestInit, peer = "192.0.2.1") => runtime.app.request(path, init, fromAddress(peer));
  afterAll(async () => {
    await runtime.close();
    await teardown();
  });

  const json = (body: unknown, headers: Record<string, string> = {}) => ({
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  // Each registration from an address of its own: registrations are limited per client.
  let registrations = 0;
  const register = (email: string, password = "correct horse battery") => request("/api/auth/register", json({ email, password }), `198.18.0.${++registrations}`);
  const login = (email: string, password = "correct horse battery", headers: Record<string, string> = {}, peer?: string) => request("/api/auth/login?token=1", json({ email, password }, headers), peer);

  it("registers, logs in with a cookie and a token, and logs out", async () => {
    const res = await register("Ada@Example.org");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ email: "ada@example.org" });
    expect((await register("ada@example.org")).status).toBe(409);
    expect((await register("weak@example.org", "short")).status).toBe(400);
    expect((await register("not-an-email")).status).toBe(400);

    const ok = await request("/api/auth/login", json({ email: "ada@example.org", password: "correct horse battery" }));
    expect(ok.status).toBe(200);
    // A browser gets the cookie only; page script never sees the session.
    expect(await ok.json()).toEqual({ user: { id: expect.any(String), email: "ada@example.org" } });
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const session = { Cookie: cookie.split(";")[0]! };
    // A script asks for the token.
    const scripted = await request("/api/auth/login?token=1", json({ email: "ada@example.org", password: "correct horse battery" }));
    const { token } = (await scripted.json()) as { token: string };
    const bearer = { Authorization: `Bearer ${token}` };

    expect((await request("/api/auth/me", { headers: bearer })).status).toBe(200);
    expect((await request("/api/auth/me", { headers: session })).status).toBe(200);
    expect((await request("/api/auth/me")).status).toBe(401);
    // What a page asks on every load: a visitor is an answer (null), not an error.
    const signedIn = await request("/api/auth/session", { headers: session });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ user: { id: expect.any(String), email: "ada@example.org" } });
    expect(Number(signedIn.headers.get("x-session-expires"))).toBeGreaterThan(Date.now());
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    const visitor = await request("/api/auth/session");
    expect(visitor.status).toBe(200);
    expect(await visitor.json()).toEqual({ user: null });
    expect(visitor.headers.get("x-session-expires")).toBeNull();
    expect(visitor.headers.get("cache-control")).toBe("no-store");
    const out = await request("/api/auth/logout", { method: "POST", headers: session });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/session=;.*Max-Age=0/i);
    // Logout ended that session: the same cookie no longer works, even replayed; the script's session lives on.
    expect((await request("/api/auth/me", { headers: session })).status).toBe(401);
    expect(await (await request("/api/auth/session", { headers: session })).json()).toEqual({ user: null });
    expect((await request("/api/auth/me", { headers: bearer })).status).toBe(200);
    expect((await request("/api/auth/logout", { method: "POST", headers: bearer })).status).toBe(204);
    expect((await request("/api/auth/me", { headers: bearer })).status).toBe(401);
  });

  it("a password change ends every other session; deleting the account ends everything and removes the gallery", async () => {
    await register("frank@example.org");
    const tokenOf = async (password = "correct horse battery") =>
      ((await (await request("/api/auth/login?token=1", json({ email: "frank@example.org", password }))).json()) as { token: string }).token;
    const [mine, other] = [await tokenOf(), await tokenOf()];
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    const change = (token: string, currentPassword: string, newPassword: string) =>
      request("/api/auth/password", { ...json({ currentPassword, newPassword }), headers: { "Content-Type": "application/json", ...as(token) } });
    expect((await change(mine, "wrong password!", "a new good password")).status).toBe(401);
    expect((await change(mine, "correct horse battery", "short")).status).toBe(400);
    expect((await change(mine, "correct horse battery", "a new good password")).status).toBe(204);
    expect((await request("/api/auth/me", { headers: as(other) })).status).toBe(401);
    expect((await request("/api/auth/me", { headers: as(mine) })).status).toBe(200);
    expect((await login("frank@example.org")).status).toBe(401);
    const fresh = await tokenOf("a new good password");

    const saved = await request("/api/gallery", { method: "POST", headers: as(fresh), body: form({ original: png(coffee), result: png(coffee), converter: "invert", params: "{}" }) });
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: string };
    const userId = ((await (await request("/api/auth/me", { headers: as(fresh) })).json()) as { id: string }).id;
    const store = openBlobStore(loadEnv({ DATA_DIR: "./data/test", ...vars }));
    expect(await store.get(`gallery/${userId}/${id}/original`)).toBeDefined();
    expect((await request("/api/auth/me", { method: "DELETE", headers: as(fresh) })).status).toBe(204);
    for (const token of [mine, fresh]) expect((await request("/api/auth/me", { headers: as(token) })).status).toBe(401);
    expect((await request("/api/auth/login", json({ email: "frank@example.org", password: "a new good password" }))).status).toBe(401);
    for (const kind of ["original", "result", "thumb"]) expect(await store.get(`gallery/${userId}/${id}/${kind}`)).toBeUndefined();
    await store.close();
  });

  it("throttles a password change's current password as a login is, under the same counts", async () => {
    const peer = "203.0.113.170";
    await register("grace@example.org");
    const { token } = (await (await login("grace@example.org", "correct horse battery", {}, peer)).json()) as { token: string };
    const change = (currentPassword: string, from = peer) =>
      request("/api/auth/password", json({ currentPassword, newPassword: "a new good password" }, { Authorization: `Bearer ${token}` }), from);
    // A stolen session guessing the password: ten wrong, then 429, the right one included.
    for (let i = 0; i < 10; i++) expect((await change(`guess number ${i}`)).status).toBe(401);
    const stopped = await change("correct horse battery");
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);
    // The same count as logins: this address is stopped for the account there too, and nowhere else.
    expect((await login("grace@example.org", "correct horse battery", {}, peer)).status).toBe(429);
    expect((await change("correct horse battery", "198.51.100.170")).status).toBe(204);
  }, 120_000);

  it("answers 401 to a tampered, expired or unsigned token", async () => {
    await register("bob@example.org");
    const { token } = (await (await login("bob@example.org")).json()) as { token: string };
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, email: "admin@example.org" })).toString("base64url");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    const expired = await new SignJWT({ email: "bob@example.org" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode("a-test-secret-that-is-long-enough-for-hs256"));
    const otherKey = await new SignJWT({ email: "bob@example.org" }).setProtectedHeader({ alg: "HS256" }).setSubject(claims.sub).setExpirationTime("1h").sign(new TextEncoder().encode("some-other-secret-of-enough-length-000000"));
    // Signed with the right key, but without an expiry, or without a session: refused all the same.
    const key = new TextEncoder().encode("a-test-secret-that-is-long-enough-for-hs256");
    const noExp = await new SignJWT({ email: "bob@example.org" }).setProtectedHeader({ alg: "HS256" }).setSubject(claims.sub).setJti(claims.jti).sign(key);
    const noSession = await new SignJWT({ email: "bob@example.org" }).setProtectedHeader({ alg: "HS256" }).setSubject(claims.sub).setExpirationTime("1h").sign(key);
    const endedSession = await new SignJWT({ email: "bob@example.org" }).setProtectedHeader({ alg: "HS256" }).setSubject(claims.sub).setJti(crypto.randomUUID()).setExpirationTime("1h").sign(key);
    for (const bad of [`${header}.${forged}.${signature}`, none, expired, otherKey, "garbage", noExp, noSession, endedSession]) {
      expect((await request("/api/auth/me", { headers: { Authorization: `Bearer ${bad}` } })).status).toBe(401);
      expect((await request("/api/auth/me", { headers: { Cookie: `session=${bad}` } })).status).toBe(401);
      // A browser's stale cookie is a visitor; a script's bad token is still refused.
      expect(await (await request("/api/auth/session", { headers: { Cookie: `session=${bad}` } })).json()).toEqual({ user: null });
      expect((await request("/api/auth/session", { headers: { Authorization: `Bearer ${bad}` } })).status).toBe(401);
    }
  });

  it("answers one client's 11th wrong password for an account with 429, and the right one from elsewhere still works", async () => {
    await register("carol@example.org");
    for (let i = 0; i < 10; i++) expect((await login("carol@example.org", "wrong password!", {}, "203.0.113.7")).status).toBe(401);
    const blocked = await login("carol@example.org", "wrong password!", {}, "203.0.113.7");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await login("carol@example.org", "correct horse battery", {}, "203.0.113.7")).status).toBe(429);
    // Not a lockout of the account: ten failures leave another client its chances.
    expect((await login("carol@example.org", "correct horse battery", {}, "198.51.100.1")).status).toBe(200);
  });

  it("counts registrations by address, whatever fresh account's Bearer token each one carries", async () => {
    const peer = "198.19.1.1";
    let bearer: Record<string, string> = {};
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const email = `sybil-${i}@example.org`;
      const res = await request("/api/auth/register", json({ email, password: "correct horse battery" }, bearer), peer);
      statuses.push(res.status);
      if (res.status !== 201) break;
      // The outsider's trick: the next registration carries the account just made.
      const { token } = (await (await login(email, "correct horse battery", {}, peer)).json()) as { token: string };
      bearer = { Authorization: `Bearer ${token}` };
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
  }, 120_000);

  it("counts wrong passwords by address, whatever account's Bearer token each one carries", async () => {
    const peer = "198.19.2.1";
    await register("bearer-target@example.org");
    const tokens: string[] = [];
    // Two, not three: from three clients the account-wide slowdown would answer 429 regardless.
    for (const name of ["sybil-a", "sybil-b"]) {
      await register(`${name}@example.org`);
      tokens.push(((await (await login(`${name}@example.org`, "correct horse battery", {}, peer)).json()) as { token: string }).token);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login("bearer-target@example.org", "wrong password!", { Authorization: `Bearer ${tokens[i % 2]}` }, peer)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // A new token after the 429 is no way round it either.
    expect((await login("bearer-target@example.org", "correct horse battery", { Authorization: `Bearer ${tokens[0]}` }, peer)).status).toBe(429);
  }, 120_000);

  it("60 concurrent logins from one client: at most 10 answers other than 429 (the attempt is reserved before hashing)", async () => {
    await register("race@example.org");
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => login("race@example.org", i === 59 ? "correct horse battery" : "wrong password!", {}, "203.0.113.60")));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 429 && s !== 503).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(50);
  }, 120_000);

  it("the owner's browser still logs in while others try the account from many addresses", async () => {
    await register("owner@example.org");
    const ok = await login("owner@example.org", "correct horse battery", {}, "198.51.100.99");
    const device = ok.headers.getSetCookie().find((c) => c.startsWith("device="))!.split(";")[0]!;
    // The attack: 5 wrong passwords from each of 4 addresses (20 failures on the account).
    for (let a = 0; a < 4; a++) for (let i = 0; i < 5; i++) await login("owner@example.org", "wrong password!", {}, `203.0.113.${100 + a}`);
    // A stranger now waits (longer with every failure: throttle.test.ts)…
    const stranger = await login("owner@example.org", "correct horse battery", {}, "203.0.113.200");
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get("retry-after"))).toBeGreaterThan(0);
    // …the owner's own browser, known by its device cookie, does not; from a new address too.
    expect((await login("owner@example.org", "correct horse battery", { Cookie: device }, "198.51.100.98")).status).toBe(200);
  }, 120_000);

  it("a device cookie exempts its holder from its address' lockout, while its own failures stop it", async () => {
    const office = "203.0.113.150";
    await register("worker@example.org");
    const ok = await login("worker@example.org", "correct horse battery", {}, office);
    const device = ok.headers.getSetCookie().find((c) => c.startsWith("device="))!.split(";")[0]!;
    // A colleague behind the same NAT fails 50 logins: the address is locked out…
    for (let i = 0; i < 50; i++) expect((await login(`colleague-${i % 7}@example.org`, "wrong password!", {}, office)).status).toBe(401);
    expect((await login("worker@example.org", "correct horse battery", {}, office)).status).toBe(429);
    // …but not the browser that has logged into the account before.
    expect((await login("worker@example.org", "correct horse battery", { Cookie: device }, office)).status).toBe(200);
    // A device cookie names its account only: it does not free the address for another.
    expect((await login("bob@example.org", "correct horse battery", { Cookie: device }, office)).status).toBe(429);
    // Its own wrong passwords count, per account and device: ten, then 429 like anyone.
    for (let i = 0; i < 10; i++) expect((await login("worker@example.org", "wrong password!", { Cookie: device }, office)).status).toBe(401);
    const stopped = await login("worker@example.org", "correct horse battery", { Cookie: device }, office);
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);
  }, 180_000);

  it("refuses a cookie-authenticated write from a foreign origin, and allows its own", async () => {
    await register("dan@example.org");
    const cookie = (await login("dan@example.org")).headers.get("set-cookie")!.split(";")[0]!;
    const post = (headers: Record<string, string>) =>
      request("http://localhost/api/conversions", { method: "POST", headers: { Cookie: cookie, ...headers }, body: form({ image: png(coffee), converter: "invert" }) });
    expect((await post({ Origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await post({ Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" })).status).toBe(202);
  });

  it("believes X-Forwarded-Host only from a trusted proxy", async () => {
    await register("hal@example.org");
    const cookie = (await login("hal@example.org")).headers.get("set-cookie")!.split(";")[0]!;
    // A cookie-authenticated write that passes the check meets the route: 404 for an item that is not there.
    const remove = (headers: Record<string, string>, peer: string) =>
      request(`/api/gallery/${crypto.randomUUID()}`, { method: "DELETE", headers: { Cookie: cookie, ...headers } }, peer);
    const vouched = { "X-Forwarded-Host": "evil.example", Origin: "https://evil.example" };
    // Straight from a client, the header is the foreign page's own word for its origin.
    expect((await remove(vouched, "192.0.2.1")).status).toBe(403);
    const refused = await request("/api/auth/logout", { method: "POST", headers: { Cookie: cookie, ...vouched } }, "192.0.2.1");
    expect(refused.status).toBe(403);
    // Through the trusted proxy, the request is judged by the host it forwards.
    expect((await remove(vouched, "10.1.2.3")).status).toBe(404);
    const proxied = { "X-Forwarded-Host": "editor.example", "X-Forwarded-Proto": "https" };
    expect((await remove({ ...proxied, Origin: "https://editor.example" }, "10.1.2.3")).status).toBe(404);
    expect((await remove({ ...proxied, Origin: "https://evil.example" }, "10.1.2.3")).status).toBe(403);
  });

  it("never stores or logs a password in clear", async () => {
    const password = "unmistakable-secret-9f3a";
    const logs: string[] = [];
    const capture = (...args: unknown[]) => void logs.push(args.map(String).join(" "));
    const methods = ["log", "error", "warn", "info"] as const;
    const saved = methods.map((m) => console[m]);
    for (const m of methods) console[m] = capture;
    try {
      await register("eve@example.org", password);
      await login("eve@example.org", password);
      await login("eve@example.org", `${password}-wrong`);
    } finally {
      methods.forEach((m, i) => (console[m] = saved[i]!));
    }
    expect(logs.join("\n")).not.toContain(password);
    if (vars.DATABASE_URL) {
      // PostgreSQL: the account's row holds a scrypt hash, and no column holds the password.
      const sql = postgres(vars.DATABASE_URL, { max: 1 });
      const rows = await sql`select * from users where email = 'eve@example.org'`;
      await sql.end();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(password);
      expect(rows[0]!.password_hash).toMatch(/^scrypt\$/);
      return;
    }
    // PGlite keeps the database as files under DATA_DIR: the password is in none of them.
    await runtime.close();
    const files = readdirSync(`${vars.DATA_DIR}/db`, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(`${f.parentPath}/${f.name}`).includes(password), f.name).toBe(false);
  });
});
