import { afterAll, expect, it } from "vitest";
import { createTokens } from "../auth/tokens";
import { coffee, form, png, pollUntilDone, testRuntime } from "../testing";

// Nothing listens on port 1: the database is down for the whole test.
const JWT_SECRET = "a-test-secret-that-is-long-enough-for-hs256";
const runtime = testRuntime({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/test", JWT_SECRET });
const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
afterAll(() => runtime.close());

it("keeps anonymous conversions working while the database is down; login answers 503", async () => {
  const created = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "invert" }) });
  expect(created.status).toBe(202);
  const done = await pollUntilDone(request, ((await created.json()) as { id: string }).id);
  expect(done.status).toBe(200);

  const login = await request("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ada@example.org", password: "correct horse battery" }),
  });
  expect(login.status).toBe(503);
  expect(login.headers.get("content-type")).toBe("application/problem+json");
  expect(await login.json()).toMatchObject({ status: 503, title: "Database unavailable" });
});

it("reports itself degraded, not unready, and a signed-in user's job still finishes, unsaved", async () => {
  const ready = await request("/readyz");
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "degraded", checks: { queue: true, database: false, blobStore: true } });

  // A session from before the outage: its signed token stands while the database cannot say otherwise.
  const token = await createTokens({ JWT_SECRET, DATA_DIR: "./data/test" }).sign({ id: crypto.randomUUID(), email: "ada@example.org" }, crypto.randomUUID());
  const auth = { Authorization: `Bearer ${token}` };
  const created = await request("/api/conversions", { method: "POST", headers: auth, body: form({ image: png(coffee), converter: "invert" }) });
  const done = await pollUntilDone((path) => request(path, { headers: auth }), ((await created.json()) as { id: string }).id);
  expect(done.status).toBe(200);
  expect(done.headers.get("x-gallery-id")).toBeNull();
  const gallery = await request("/api/gallery", { headers: auth });
  expect(gallery.status).toBe(503);
  expect(gallery.headers.get("content-type")).toBe("application/problem+json");
});
