// A job is a pipeline: heavy and pixel steps in one job (one decode, one encode), the old
// single-converter form, refusals before queueing, and a chain saved to the gallery.
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { coffee, form, png, pollUntilDone, testRuntime } from "../testing";

// ESRGAN on the worker's thread: seconds alone, minutes on a loaded 2-core machine.
describe("chain jobs over HTTP", { timeout: 180_000 }, () => {
  // Uploads up to 0.5 MP, results up to 4 MP: an upscaled result is larger than any upload may be.
  const runtime = testRuntime({ MAX_PIXELS: "500000", MAX_OUTPUT_PIXELS: "4000000", JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" });
  const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
  afterAll(() => runtime.close());

  async function poll(id: string) {
    const progress: number[] = [];
    for (;;) {
      const res = await request(`/api/jobs/${id}`);
      if (res.status !== 202) return { res, progress };
      progress.push(((await res.json()) as { progress: number }).progress);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("runs upscale then sharpen as one job: one 202, progress rising, a 1200×800 result", async () => {
    const steps = JSON.stringify([{ converter: "upscale", params: { scale: 2 } }, { converter: "sharpen" }]);
    const created = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), steps }) });
    expect(created.status).toBe(202);
    const body = (await created.json()) as { id: string; converter: string; steps: { converter: string; params: object }[] };
    expect(body.converter).toBe("upscale,sharpen");
    expect(body.steps).toEqual([{ converter: "upscale", params: { scale: 2 } }, { converter: "sharpen", params: { sigma: 1.5, amount: 1 } }]);
    const { res, progress } = await poll(body.id);
    expect(res.status).toBe(200);
    const meta = await sharp(new Uint8Array(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 800]);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
  });

  it("still takes the single converter form", async () => {
    const created = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "upscale", params: JSON.stringify({ scale: 2 }) }) });
    expect(created.status).toBe(202);
    const { res } = await poll(((await created.json()) as { id: string }).id);
    const meta = await sharp(new Uint8Array(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1200, 800]);
  });

  it("saves a result larger than MAX_PIXELS to the signed-in user's gallery, with its steps", async () => {
    const credentials = JSON.stringify({ email: `up-${Date.now()}@example.org`, password: "correct horse battery" });
    const post = (path: string) => request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
    expect((await post("/api/auth/register")).status).toBe(201);
    const { token } = (await (await post("/api/auth/login?token=1")).json()) as { token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const steps = JSON.stringify([{ converter: "grayscale" }, { converter: "upscale", params: { scale: 2 } }]);
    const created = await runtime.app.request("/api/conversions", { method: "POST", headers: auth, body: form({ image: png(coffee), steps }) });
    const id = ((await created.json()) as { id: string }).id;
    const res = await pollUntilDone((path) => runtime.app.request(path, { headers: auth }), id, 170_000);
    expect(res.status).toBe(200);
    const galleryId = res.headers.get("x-gallery-id");
    expect(galleryId).toBeTruthy();
    const item = (await (await runtime.app.request(`/api/gallery/${galleryId}`, { headers: auth })).json()) as { width: number; converter: string; steps: unknown };
    expect(item).toMatchObject({ width: 1200, height: 800, converter: "grayscale,upscale", steps: [{ converter: "grayscale", params: {} }, { converter: "upscale", params: { scale: 2 } }] });
  });

  it("refuses a result over the output limit before queueing, naming the largest input that fits", async () => {
    const big = await sharp({ create: { width: 700, height: 700, channels: 3, background: "#808080" } }).jpeg().toBuffer();
    const res = await request("/api/conversions", { method: "POST", body: form({ image: new Blob([new Uint8Array(big)], { type: "image/jpeg" }), converter: "upscale", params: '{"scale":4}' }, "big.jpg") });
    expect(res.status).toBe(422);
    const detail = ((await res.json()) as { detail: string }).detail;
    expect(detail).toContain("2800×2800");
    // 500×500 at 4× is 2000×2000: exactly the 4 MP limit.
    expect(detail).toMatch(/largest input that fits is 500×500/);
  });

  it("refuses an upscale past its own 24 MP cap, whatever the output limit, naming the largest input that fits", async () => {
    const runtime = testRuntime({ MAX_PIXELS: "40000000", MAX_OUTPUT_PIXELS: "100000000" });
    try {
      const big = await sharp({ create: { width: 3000, height: 2500, channels: 3, background: "#808080" } }).jpeg().toBuffer();
      const res = await runtime.app.request("/api/conversions", { method: "POST", body: form({ image: new Blob([new Uint8Array(big)], { type: "image/jpeg" }), converter: "upscale", params: '{"scale":2}' }, "big.jpg") });
      expect(res.status).toBe(422);
      const detail = ((await res.json()) as { detail: string }).detail;
      expect(detail).toContain("up to 24 megapixels");
      // 2683×2236 at ×2 is 23.99 MP.
      expect(detail).toContain("The largest input that fits is 2683×2236");
    } finally {
      await runtime.close();
    }
  });

  it("refuses bad steps with 400 and says why", async () => {
    for (const [steps, words] of [
      ["{}", "JSON array"],
      ["not json", "JSON"],
      ['[{"converter":"upscale","params":{"scale":3}}]', "AI upscale"],
      ['[{"converter":"nope"}]', "No converter"],
      [JSON.stringify(Array.from({ length: 21 }, () => ({ converter: "invert" }))), "at most 20"],
    ] as const) {
      const res = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), steps }) });
      expect(res.status, steps).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain(words);
    }
  });
});
