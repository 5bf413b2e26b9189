import { expect, test } from "@playwright/test";

test("pages refuse framing and sniffing, allow the camera on the editor only; auth answers are not cached; the service worker is revalidated", async ({ request }) => {
  for (const path of ["/", "/gallery"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    // Scripts by nonce only (fresh on every request), WebAssembly allowed: every other e2e test runs under it.
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic' 'wasm-unsafe-eval'/);
    const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"]!)![1]!;
    const html = await res.text();
    for (const tag of html.match(/<script\b[^>]*>/g)!.filter((t) => !t.includes("application/json"))) expect(tag).toContain(`nonce="${nonce}"`);
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain(path === "/" ? "camera=(self)" : "camera=()");
  }
  const me = await request.get("/api/auth/me");
  expect(me.status()).toBe(401);
  expect(me.headers()["cache-control"]).toBe("no-store");
  // What pages ask: a visitor is an answer, not an error.
  const session = await request.get("/api/auth/session");
  expect(session.status()).toBe(200);
  expect(await session.json()).toEqual({ user: null });
  expect(session.headers()["cache-control"]).toBe("no-store");
  const sw = await request.get("/serwist/sw.js");
  expect(sw.status()).toBe(200);
  expect(sw.headers()["cache-control"]).not.toMatch(/max-age=[1-9]/);
  // The web process serves no metrics to the public.
  expect((await request.get("/metrics")).status()).toBe(404);
});

test("/favicon.ico is an icon; an unknown page is a 404 in the app's style; /api/docs runs nothing and loads nothing", async ({ request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toBe("image/x-icon");
  // An ICO header: reserved 0, type 1 (icon), then its images (16, 32 and 48 px).
  expect([...(await icon.body()).subarray(0, 6)]).toEqual([0, 0, 1, 0, 3, 0]);

  const missing = await request.get("/no-such-page");
  expect(missing.status()).toBe(404);
  const html = await missing.text();
  expect(html).toContain("Page not found");
  expect(html).toMatch(/<a[^>]*href="\/"[^>]*>Open the editor<\/a>/);
  expect(html).toMatch(/<a[^>]*href="\/gallery"[^>]*>Go to your gallery<\/a>/);

  const docs = await request.get("/api/docs");
  expect(docs.status()).toBe(200);
  expect(docs.headers()["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; .*frame-ancestors 'none'/);
  expect(await docs.text()).toContain("<code>degraded</code>");
});
