// Issue 29's account items: common passwords are weak ones, and "sign out everywhere" ends every
// session of the account and forgets the browsers it was used from.
import { describe, expect, it } from "vitest";
import { backends } from "../test-backends";
import { fromAddress, runtimeOn } from "../testing";

describe.each(backends)("account security ($name)", (backend) => {
  const runtime = runtimeOn(backend, { JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" }, { worker: false });
  const request = (path: string, init: RequestInit = {}, peer = "192.0.2.10") => runtime().app.request(path, init, fromAddress(peer));
  const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  let registrations = 0;
  const register = (email: string, password: string) => request("/api/auth/register", json("POST", { email, password }), `198.18.1.${++registrations}`);
  const login = (email: string, password: string, headers: Record<string, string> = {}, peer?: string) => request("/api/auth/login?token=1", json("POST", { email, password }, headers), peer);
  const cookiesOf = (res: Response) => Object.fromEntries(res.headers.getSetCookie().map((c) => [c.split("=")[0]!, c.split(";")[0]!]));
  const password = "correct horse battery";

  it("refuses a common password at registration and at a password change, saying why", async () => {
    const weak = await register("common@example.org", "password123");
    expect(weak.status).toBe(400);
    expect(weak.headers.get("content-type")).toBe("application/problem+json");
    expect(await weak.json()).toMatchObject({ title: "Weak password", detail: expect.stringMatching(/one of the most common/) });
    expect((await register("common@example.org", "Password123")).status).toBe(400);
    expect((await register("common@example.org", password)).status).toBe(201);

    const { token } = (await (await login("common@example.org", password)).json()) as { token: string };
    const change = (newPassword: string) => request("/api/auth/password", json("POST", { currentPassword: password, newPassword }, { Authorization: `Bearer ${token}` }));
    const refused = await change("qwertyuiop");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ title: "Weak password", detail: expect.stringMatching(/one of the most common/) });
    // Nothing changed: the password is still the old one.
    expect((await login("common@example.org", password)).status).toBe(200);
    expect((await change("a new good password")).status).toBe(204);
    // Several scrypt hashes, each ~0.5 s with a core to itself: more on a busy machine.
  }, 120_000);

  it("signs out everywhere: every session ends, cookie and Bearer alike, and the cookies are cleared", async () => {
    expect((await register("everywhere@example.org", password)).status).toBe(201);
    const browser = await login("everywhere@example.org", password);
    const cookie = cookiesOf(browser).session!;
    const { token: phone } = (await (await login("everywhere@example.org", password, {}, "203.0.113.5")).json()) as { token: string };
    const { token: script } = (await (await login("everywhere@example.org", password, {}, "203.0.113.6")).json()) as { token: string };
    const sessions: Record<string, string>[] = [{ Cookie: cookie }, { Authorization: `Bearer ${phone}` }, { Authorization: `Bearer ${script}` }];
    for (const headers of sessions) expect((await request("/api/auth/me", { headers })).status).toBe(200);

    // Anonymous and foreign-site requests change nothing.
    expect((await request("/api/auth/sessions", { method: "DELETE" })).status).toBe(401);
    expect((await request("/api/auth/sessions", { method: "DELETE", headers: { Cookie: cookie, Origin: "https://evil.example" } })).status).toBe(403);
    expect((await request("/api/auth/me", { headers: { Cookie: cookie } })).status).toBe(200);

    const out = await request("/api/auth/sessions", { method: "DELETE", headers: { Cookie: cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()).toEqual(expect.arrayContaining([expect.stringMatching(/^session=;.*Max-Age=0/i), expect.stringMatching(/^device=;.*Max-Age=0.*Path=\/api\/auth/i)]));
    for (const headers of sessions) expect((await request("/api/auth/me", { headers })).status).toBe(401);
    // The account itself is fine: a new login is a new session.
    const again = await login("everywhere@example.org", password);
    expect((await request("/api/auth/me", { headers: { Cookie: cookiesOf(again).session! } })).status).toBe(200);
  }, 120_000);

  it("forgets the browsers the account was used from: their device cookies no longer lift the address' lockout", async () => {
    expect((await register("lost-phone@example.org", password)).status).toBe(201);
    const office = "203.0.113.77";
    const first = await login("lost-phone@example.org", password, {}, office);
    const { device } = cookiesOf(first);
    const { token } = (await first.json()) as { token: string };
    // Ten wrong passwords for the account from the office: the address is locked out of it…
    for (let i = 0; i < 10; i++) expect((await login("lost-phone@example.org", "wrong password!", {}, office)).status).toBe(401);
    expect((await login("lost-phone@example.org", password, {}, office)).status).toBe(429);
    // …but not the owner's browser, known by its device cookie.
    expect((await login("lost-phone@example.org", password, { Cookie: device! }, office)).status).toBe(200);

    expect((await request("/api/auth/sessions", { method: "DELETE", headers: { Authorization: `Bearer ${token}` } })).status).toBe(204);
    // After signing out everywhere, that cookie is a stranger's: the address' lockout holds it too.
    expect((await login("lost-phone@example.org", password, { Cookie: device! }, office)).status).toBe(429);
    // A browser that logs in afresh (elsewhere) is known again, from the office too.
    const fresh = cookiesOf(await login("lost-phone@example.org", password, {}, "198.51.100.20")).device!;
    expect((await login("lost-phone@example.org", password, { Cookie: fresh }, office)).status).toBe(200);
  }, 120_000);
});
