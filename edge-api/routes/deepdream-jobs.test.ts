// DeepDream as a user meets it: a server job over the HTTP contract, on the real worker thread.
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { threadedConvert } from "../worker/convert";
import type { JobRecord } from "../jobs/types";
import { coffee, form, png, pollUntilDone, testRuntime } from "../testing";

const runtime = testRuntime();
const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);
afterAll(() => runtime.close());

async function start(params: Record<string, unknown>) {
  const res = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "deepdream", params: JSON.stringify(params) }) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

describe("DeepDream jobs", () => {
  it("dreams a photo at its own size, with progress that only rises", async () => {
    const id = await start({ steps: 4 });
    const progress: number[] = [];
    let res: Response;
    for (;;) {
      res = await request(`/api/jobs/${id}`);
      if (res.status !== 202) break;
      progress.push(((await res.json()) as { progress: number }).progress);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(res.status).toBe(200);
    const out = new Uint8Array(await res.arrayBuffer());
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([600, 400]);
    // Dreamed, not copied: the mean change per channel is far above codec noise.
    const [a, b] = await Promise.all([sharp(coffee).removeAlpha().raw().toBuffer(), sharp(out).removeAlpha().raw().toBuffer()]);
    const change = a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
    expect(change).toBeGreaterThan(8);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    expect(progress.some((p) => p > 0.05 && p < 1)).toBe(true);
  });

  it("refuses bad params before queueing", async () => {
    for (const params of [{ layers: ["mixed7"] }, { layers: [] }, { octaves: 0 }, { maxSize: 10_000 }, { stepSize: "big" }]) {
      const res = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "deepdream", params: JSON.stringify(params) }) });
      expect(res.status, JSON.stringify(params)).toBe(400);
    }
  });

  it("dreams a tiny grey picture with alpha at its own size, and refuses one too narrow to dream", async () => {
    const tiny = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0.5 } } }).png().toBuffer();
    const res = await request("/api/conversions", { method: "POST", body: form({ image: png(tiny), converter: "deepdream", params: JSON.stringify({ steps: 2, octaves: 1 }) }) });
    const done = await pollUntilDone(request, ((await res.json()) as { id: string }).id);
    expect(done.status).toBe(200);
    const meta = await sharp(new Uint8Array(await done.arrayBuffer())).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([40, 30, true]);

    const sliver = await sharp({ create: { width: 4000, height: 3, channels: 3, background: "#468" } }).png().toBuffer();
    // Refused at submission, from the header: the net needs 75 px on the short side.
    const bad = await request("/api/conversions", { method: "POST", body: form({ image: png(sliver), converter: "deepdream", params: "{}" }) });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/too narrow/);
  });

  it("a cancelled job stops and frees the worker for the next one", async () => {
    const id = await start({ steps: 50, octaves: 1 });
    for (let p = 0; p < 0.2; await new Promise((r) => setTimeout(r, 100))) {
      p = ((await (await request(`/api/jobs/${id}`)).json()) as { progress: number }).progress;
    }
    expect((await request(`/api/jobs/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await request(`/api/jobs/${id}`)).status).toBe(404);
    // One worker slot: the next job can only run once the dream has let go of it.
    const next = await request("/api/conversions", { method: "POST", body: form({ image: png(coffee), converter: "grayscale" }) });
    const nextId = ((await next.json()) as { id: string }).id;
    let res: Response;
    while ((res = await request(`/api/jobs/${nextId}`)).status === 202) await new Promise((r) => setTimeout(r, 100));
    expect(res.status).toBe(200);
  });
});

describe("DeepDream in the conversion thread", () => {
  it("stops within one step of a cancel, and the thread serves the next job", async () => {
    const { convert, close } = threadedConvert(1, { maxPixels: 40e6, maxOutputPixels: 40e6, maxResultBytes: 25 * 1024 * 1024, maxJobBytes: 512 * 1024 * 1024 }, "./data/test/models");
    try {
      const job = { id: "t", converter: "deepdream", params: { maxSize: 300, octaves: 1, steps: 40 } } as unknown as JobRecord;
      const controller = new AbortController();
      const seen: number[] = [];
      let atAbort = 0;
      const run = convert(job, coffee, controller.signal, (p) => {
        seen.push(p);
        if (p > 0.3 && !controller.signal.aborted) {
          atAbort = seen.length;
          controller.abort(new Error("cancelled"));
        }
      });
      await expect(run).rejects.toThrow("cancelled");
      expect(atAbort).toBeGreaterThan(0);
      // After the cancel: at most the message already in flight and the step that was running.
      expect(seen.length - atAbort).toBeLessThanOrEqual(2);
      expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);

      const grey = { id: "g", converter: "grayscale", params: {} } as unknown as JobRecord;
      const out = await convert(grey, coffee, new AbortController().signal, () => {});
      expect((await sharp(out.data).metadata()).width).toBe(600);
    } finally {
      await close();
    }
  });
});
