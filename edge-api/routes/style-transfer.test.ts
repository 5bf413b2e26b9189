// Style transfer over HTTP: a style photo sent with the job (the multipart field "style") or a
// shipped style by name, a result at the content's size, and a style over the limits refused
// before anything is queued. Both shapes: the stored image-and-style blob goes through Redis too.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../test-backends";
import { form, png, pollUntilDone, testRuntime } from "../testing";

const fixtures = join(import.meta.dirname, "..", "..", "test", "fixtures");
const content = readFileSync(join(fixtures, "chelsea.png"));
const stylePhoto = readFileSync(join(import.meta.dirname, "..", "..", "converters", "style-transfer", "styles", "retina.jpg"));
const original = await sharp(content).removeAlpha().raw().toBuffer();
const jpeg = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });
// Few steps: the test is of the route and the worker, not of the look (converters/style-transfer).
const quick = { steps: 4, scales: 2 };
const stepsWith = (params: Record<string, unknown>) => JSON.stringify([{ converter: "style-transfer", params: { ...quick, ...params } }]);

describe.each(backends)("style transfer over HTTP ($name)", { timeout: 180_000 }, (backend) => {
  let runtime: ReturnType<typeof testRuntime>;
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    const setup = await backend.setup();
    teardown = setup.teardown;
    runtime = testRuntime(setup.vars);
  }, 60_000);
  afterAll(async () => {
    await runtime.close();
    await teardown();
  });
  const request = (path: string, init?: RequestInit) => runtime.app.request(path, init);

  async function run(fields: Record<string, string | Blob>) {
    const created = await request("/api/conversions", { method: "POST", body: form({ image: png(content), ...fields }, "chelsea.png") });
    if (created.status !== 202) return created;
    return pollUntilDone(request, ((await created.json()) as { id: string }).id, 170_000);
  }
  const pixels = async (res: Response) => sharp(new Uint8Array(await res.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
  const meanDifference = (a: Buffer, b: Buffer) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

  it("paints the photo in an uploaded style: a result at the content's size that differs from it", async () => {
    const res = await run({ steps: stepsWith({}), style: jpeg(stylePhoto), format: "png" });
    if (res.status !== 200) console.log(await res.clone().text());
    expect(res.status).toBe(200);
    const { data, info } = await pixels(res);
    expect([info.width, info.height]).toEqual([451, 300]);
    expect(meanDifference(data, original)).toBeGreaterThan(10);
  });

  it("paints it in a shipped style named without a file, differently from another shipped style", async () => {
    const [cells, hubble] = await Promise.all([run({ steps: stepsWith({ style: "cells" }), format: "png" }), run({ steps: stepsWith({ style: "hubble" }), format: "png" })]);
    expect([cells.status, hubble.status]).toEqual([200, 200]);
    const [a, b] = [await pixels(cells), await pixels(hubble)];
    expect([a.info.width, a.info.height]).toEqual([451, 300]);
    expect(meanDifference(a.data, b.data)).toBeGreaterThan(10);
  });

  it("refuses a style photo over the pixel limit (422) or, with the image, over the upload limit (413), before queueing", async () => {
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#808080" } }).png({ compressionLevel: 9 }).toBuffer();
    const tooMany = await run({ steps: stepsWith({}), style: png(huge) });
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as { detail: string }).detail).toMatch(/style photo.*8000×6000/);

    // Just over the limit with the image, within the body's framing allowance: the route's own check answers.
    const noise = await sharp(Buffer.from(Array.from({ length: 1400 * 1195 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 1400, height: 1195, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    const tooBig = await run({ steps: stepsWith({}), style: png(noise) });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { detail: string }).detail).toMatch(/image and the style photo together are/);
  });

  it("ends a job whose style photo is truncated with 422 and words about the style, and the next job runs", async () => {
    const truncated = stylePhoto.subarray(0, Math.floor(stylePhoto.length / 3));
    const res = await run({ steps: stepsWith({}), style: jpeg(truncated) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/style photo/i);
    const next = await run({ steps: stepsWith({ style: "dream" }), format: "png" });
    expect(next.status).toBe(200);
  });

  it("says what is wrong with a style that is not an image, one no step reads, and a step that reads none", async () => {
    const notImage = await run({ steps: stepsWith({}), style: new Blob(["just text"], { type: "text/plain" }) });
    expect(notImage.status).toBe(415);
    expect(((await notImage.json()) as { detail: string }).detail).toMatch(/style photo/);
    const empty = await run({ steps: stepsWith({}), style: jpeg(new Uint8Array(0)) });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { detail: string }).detail).toBe("The style photo is empty.");
    const twice = await request("/api/conversions", { method: "POST", body: (() => {
      const body = form({ image: png(content), steps: stepsWith({}), style: jpeg(stylePhoto) }, "chelsea.png");
      body.append("style", jpeg(stylePhoto), "again.jpg");
      return body;
    })() });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { detail: string }).detail).toMatch(/one style photo/);
    const unused = await run({ steps: '[{"converter":"grayscale"}]', style: jpeg(stylePhoto) });
    expect(unused.status).toBe(400);
    expect(((await unused.json()) as { title: string }).title).toBe("Unused style");
    const missing = await run({ steps: stepsWith({ style: "upload" }) });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { title: string }).title).toBe("Missing style");
  });
});
