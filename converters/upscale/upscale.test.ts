// AI upscale: the network through the ML layer's tiles, the converter's pixel handling, and
// the HTTP contract with a chain in one job.
import { join } from "node:path";
import sharp from "sharp";
import Vips from "wasm-vips";
import { afterAll, describe, expect, it } from "vitest";
import { coffee, form, png, testRuntime } from "../../edge-api/testing";
import { runTiled } from "../ml/tiles";
import { lanczosUpscale } from "./lanczos";
import { nodeUpscaler } from "./node/upscaler";
import { upscaleImage } from "./upscale-image";

const cacheDir = join(import.meta.dirname, "..", "..", "data", "test", "models");
const vips = await Vips();
const context = { signal: new AbortController().signal, onProgress: () => {} };

async function planes(bytes: Buffer, width: number, height: number) {
  const raw = await sharp(bytes).resize(width, height).removeAlpha().raw().toBuffer();
  const out = new Float32Array(3 * width * height);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) out[c * width * height + i] = raw[i * 3 + c]!;
  return out;
}

describe("the upscaler in tiles", () => {
  it("gives the whole image's result at any tile size: no seams", async () => {
    const [w, h] = [150, 110];
    const input = await planes(coffee, w, h);
    const model = await nodeUpscaler(2, cacheDir, 2);
    const whole = await runTiled(input, h, w, model, { tile: 1024 });
    expect(whole.length).toBe(3 * w * 2 * h * 2);
    for (const tile of [24, 40, 64]) {
      const tiled = await runTiled(input, h, w, model, { tile });
      const worst = tiled.reduce((m, v, i) => Math.max(m, Math.abs(v - whole[i]!)), 0);
      // Float rounding only: far below one 8-bit step.
      expect(worst, `tile ${tile}`).toBeLessThan(0.05);
    }
  });

  it("reports progress per tile and stops when aborted", async () => {
    const input = await planes(coffee, 96, 64);
    const model = await nodeUpscaler(2, cacheDir, 2);
    const seen: number[] = [];
    const controller = new AbortController();
    const run = runTiled(input, 64, 96, model, {
      tile: 32,
      signal: controller.signal,
      onProgress: (p) => (seen.push(p), p >= 0.5 && controller.abort(new Error("stop"))),
    });
    await expect(run).rejects.toThrow("stop");
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen.every((p, i) => i === 0 || p > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBeLessThan(1);
  });
});

describe("the converter", () => {
  it("keeps grey grey and enlarges alpha by Lanczos, at exactly scale × the size", async () => {
    // A grey disc on grey, with an alpha ramp: two bands, "b-w".
    const xy = vips.Image.xyz(37, 23);
    const disc = xy.subtract([18, 11]).pow(2).bandmean().multiply(2).less(64).ifthenelse(230, 90);
    const grey = disc.bandjoin(xy.extractBand(0).multiply(6)).cast("uchar").copy({ interpretation: "b-w" }).writeToBuffer(".png");
    const image = vips.Image.newFromBuffer(grey);
    expect(image.bands).toBe(2);
    const out = await upscaleImage(vips, image, { scale: 4 }, (s) => nodeUpscaler(s, cacheDir, 2), context);
    expect([out.width, out.height, out.bands, String(out.interpretation)]).toEqual([148, 92, 2, "b-w"]);
    const alpha = new Uint8Array(out.extractBand(1).writeToMemory().buffer);
    const expected = lanczosUpscale(new Uint8Array(image.extractBand(1).writeToMemory().buffer), 37, 23, 1, 4);
    expect(alpha).toEqual(expected);
  });

  it("Lanczos keeps a flat plane flat and a ramp a ramp away from the edges", () => {
    const flat = lanczosUpscale(new Uint8Array(20 * 10).fill(77), 20, 10, 1, 2);
    expect(flat.every((v) => v === 77)).toBe(true);
    const ramp = lanczosUpscale(Uint8Array.from({ length: 32 }, (_, x) => x * 8), 32, 1, 1, 2);
    // Output x sits at input (x + 0.5) / 2 − 0.5.
    for (let x = 8; x < 56; x++) expect(Math.abs(ramp[x]! - ((x + 0.5) / 2 - 0.5) * 8)).toBeLessThanOrEqual(0.5);
  });
});

describe("over HTTP", () => {
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
    let res: Response;
    do res = await runtime.app.request(`/api/jobs/${id}`, { headers: auth });
    while (res.status === 202 && (await new Promise((r) => setTimeout(r, 50)), true));
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

  it("refuses bad steps with 400 and says why", async () => {
    for (const [steps, words] of [
      ["[]", "non-empty"],
      ["{}", "non-empty"],
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
