// The export fields over HTTP: target size, metadata and encoder options reach the worker's one
// encode module, and bad ones are refused at submission with the field named.
import exif from "exif-reader";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cameraJpeg } from "../../converters/testing/exif";
import type { Runtime } from "../runtime";
import { backends } from "../test-backends";
import { coffee, fixtures, form, png, pollUntilDone, testRuntime } from "../testing";

const runtime = testRuntime({ MAX_JOBS_PER_CLIENT: "50" });
afterAll(() => runtime.close());
let photo: Uint8Array;
beforeAll(async () => {
  photo = await cameraJpeg(await sharp(`${fixtures}/chelsea.png`).resize(1800, 1200).png().toBuffer());
});

const jpegBlob = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });
const submit = (fields: Record<string, string>, image: Uint8Array = photo) =>
  runtime.app.request("/api/conversions", { method: "POST", body: form({ image: jpegBlob(image), converter: "sharpen", ...fields }, "photo.jpg") });

async function run(fields: Record<string, string>) {
  const res = await submit(fields);
  expect(res.status, await res.clone().text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const done = await pollUntilDone((p) => runtime.app.request(p), id, 120_000);
  expect(done.status).toBe(200);
  return { res: done, data: new Uint8Array(await done.arrayBuffer()) };
}

test("targetBytes: the result is at most the target and within 90 % of it, and says the quality chosen", async () => {
  for (const format of ["jpeg", "webp", "avif"]) {
    const { res, data } = await run({ format, targetBytes: "60000" });
    expect(data.byteLength, format).toBeLessThanOrEqual(60_000);
    expect(data.byteLength, format).toBeGreaterThanOrEqual(54_000);
    expect(Number(res.headers.get("Export-Quality"))).toBeGreaterThan(1);
    expect(res.headers.get("Export-Target-Met")).toBe("true");
  }
});

test("an empty chain is an export alone: the photo recompressed to a size, its GPS dropped", async () => {
  const res = await submit({ steps: "[]", format: "webp", targetBytes: "40000" });
  expect(res.status).toBe(202);
  const accepted = (await res.json()) as { id: string; converter: string; steps: unknown[] };
  expect(accepted).toMatchObject({ converter: "export", steps: [] });
  const done = await pollUntilDone((p) => runtime.app.request(p), accepted.id, 120_000);
  expect(done.status).toBe(200);
  expect(done.headers.get("Content-Disposition")).toContain("photo-export.webp");
  const data = new Uint8Array(await done.arrayBuffer());
  expect(data.byteLength).toBeLessThanOrEqual(40_000);
  const meta = await sharp(data).metadata();
  expect(meta).toMatchObject({ format: "webp", width: 1800, height: 1200 });
  expect(meta.exif && exif(meta.exif).GPSInfo).toBeUndefined();
});

test("a target no quality can meet gives the smallest result and Export-Target-Met: false", async () => {
  const { res, data } = await run({ format: "jpeg", targetBytes: "1024" });
  expect(res.headers.get("Export-Target-Met")).toBe("false");
  expect(res.headers.get("Export-Quality")).toBe("1");
  expect(data.byteLength).toBeGreaterThan(1024);
});

test("metadata=safe (the default) drops GPS and keeps the date and profile; none drops all; all keeps GPS", async () => {
  const read = async (data: Uint8Array) => {
    const meta = await sharp(data).metadata();
    return { meta, tags: meta.exif && exif(meta.exif) };
  };
  const safe = await read((await run({ format: "jpeg" })).data);
  expect(safe.tags?.GPSInfo).toBeUndefined();
  expect(safe.tags?.Photo?.MakerNote).toBeUndefined();
  expect(safe.tags?.Photo?.DateTimeOriginal).toBeInstanceOf(Date);
  expect(safe.meta.icc).toBeDefined();
  const none = await read((await run({ format: "webp", metadata: "none" })).data);
  expect([none.meta.exif, none.meta.icc, none.meta.xmp]).toEqual([undefined, undefined, undefined]);
  const all = await read((await run({ format: "png", metadata: "all" })).data);
  expect(all.tags?.GPSInfo?.GPSLatitude).toEqual([51, 30, 26.4]);
});

test("encoder options reach the saver: progressive 4:4:4 JPEG, palette PNG", async () => {
  const jpeg = Buffer.from((await run({ format: "jpeg", encoder: JSON.stringify({ progressive: true, subsampling: "4:4:4" }) })).data);
  expect(jpeg.indexOf(Buffer.from([0xff, 0xc2]))).toBeGreaterThan(0);
  const png = Buffer.from((await run({ format: "png", encoder: JSON.stringify({ palette: true, colours: 16 }) })).data);
  const plte = png.indexOf("PLTE", 0, "latin1");
  expect(png.readUInt32BE(plte - 4) / 3).toBeLessThanOrEqual(16);
});

test("bad export fields are 400 at submission, naming what is wrong, before anything is queued", async () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ format: "jpeg", encoder: "{not json" }, /encoder must be a JSON object/],
    [{ format: "jpeg", encoder: "[1]" }, /encoder must be a JSON object/],
    [{ format: "jpeg", encoder: JSON.stringify({ lossless: true }) }, /Unrecognized key.*lossless.*JPEG/],
    [{ format: "avif", encoder: JSON.stringify({ effort: 11 }) }, /encoder\.effort/],
    [{ format: "png", targetBytes: "50000" }, /palette/],
    [{ format: "webp", targetBytes: "50000", encoder: JSON.stringify({ lossless: true }) }, /lossy/],
    [{ format: "jpeg", targetBytes: "12.5" }, /whole number/],
    [{ format: "jpeg", targetBytes: "100" }, /at least 1024/],
    [{ metadata: "gps-only" }, /metadata/],
  ];
  for (const [fields, detail] of cases) {
    const res = await submit(fields, new Uint8Array(coffee));
    expect(res.status, JSON.stringify(fields)).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
  }
});

test("a slow encoder setting is costed at submission: AVIF at effort 9 on 40 MP is refused as too costly, with what to lower", async () => {
  const big = await sharp({ create: { width: 8000, height: 5000, channels: 3, background: "#6a8" } }).png().toBuffer();
  const res = await runtime.app.request("/api/conversions", {
    method: "POST",
    body: form({ image: new Blob([new Uint8Array(big)], { type: "image/png" }), converter: "invert", format: "avif", encoder: JSON.stringify({ effort: 9 }) }),
  });
  expect(res.status).toBe(422);
  expect(((await res.json()) as { detail: string }).detail).toMatch(/Lower the encoder's effort, or drop the target size/);
});

test("the OpenAPI document describes the export fields and every format's encoder options", async () => {
  const doc = (await (await runtime.app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { anyOf?: { properties: Record<string, unknown> }[] }> } };
  const post = JSON.stringify(doc.paths["/api/conversions"]);
  for (const field of ["targetBytes", "metadata", "encoder", "Export-Quality", "EncoderOptions"]) expect(post).toContain(field);
  const options = doc.components.schemas.EncoderOptions!.anyOf!.map((s) => Object.keys(s.properties));
  expect(options).toContainEqual(expect.arrayContaining(["progressive", "trellis"]));
  expect(options).toContainEqual(expect.arrayContaining(["palette", "colours", "dither"]));
});

// The Redis adapter's scripts once turned steps: [] into {} (an empty Lua table), and the worker failed with 500.
describe.each(backends.filter((b) => b.name === "production"))("an export alone on Redis ($name)", (backend) => {
  let scaled: Runtime;
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    const setup = await backend.setup();
    teardown = setup.teardown;
    scaled = testRuntime(setup.vars);
  }, 60_000);
  afterAll(async () => {
    await scaled.close();
    await teardown();
  });

  test("steps=[] is echoed and kept as an empty list, and the job completes with 200", async () => {
    const res = await scaled.app.request("/api/conversions", { method: "POST", body: form({ image: png(coffee), steps: "[]", format: "webp" }) });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; steps: unknown };
    expect(accepted.steps).toStrictEqual([]);
    expect((await scaled.queue.get(accepted.id))?.steps).toStrictEqual([]);
    const done = await pollUntilDone((p) => scaled.app.request(p), accepted.id);
    expect(done.status, await done.clone().text()).toBe(200);
    expect(done.headers.get("content-type")).toBe("image/webp");
  });
});
