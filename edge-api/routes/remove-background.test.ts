// Remove background over HTTP: a cutout with alpha at the photo's size, a colour background in
// a JPEG, and a 40 MP photo refused in words before it is queued, or cut out within the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../test-backends";
import { form, pollUntilDone, testRuntime } from "../testing";

const set = join(import.meta.dirname, "..", "..", "test", "fixtures", "cutout");
const photo = readFileSync(join(set, "horse-on-cat.jpg"));
const known = await sharp(join(set, "horse-on-cat.mask.png")).extractChannel(0).raw().toBuffer();
const jpeg = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });

// Both shapes: the steps (with their list of strokes) travel through Redis and PostgreSQL too.
describe.each(backends)("remove background over HTTP ($name)", { timeout: 180_000 }, (backend) => {
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

  async function run(fields: Record<string, string>, image: Uint8Array = photo) {
    const created = await request("/api/conversions", { method: "POST", body: form({ image: jpeg(image), ...fields }, "photo.jpg") });
    if (created.status !== 202) return created;
    return pollUntilDone(request, ((await created.json()) as { id: string }).id, 170_000);
  }

  it("answers a PNG with alpha, at the photo's size, transparent where the background was", async () => {
    const res = await run({ steps: '[{"converter":"remove-background"}]', format: "png" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const { data, info } = await sharp(new Uint8Array(await res.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([960, 720, 4]);
    let background = 0;
    let clear = 0;
    let subject = 0;
    let solid = 0;
    for (let i = 0; i < known.length; i++) {
      if (known[i] === 0) (background++, data[i * 4 + 3]! < 32 && clear++);
      if (known[i] === 255) (subject++, data[i * 4 + 3]! > 223 && solid++);
    }
    expect(clear / background).toBeGreaterThan(0.97);
    expect(solid / subject).toBeGreaterThan(0.95);
  });

  it("puts green where the background was, with background=#00ff00 to JPEG", async () => {
    const res = await run({ steps: '[{"converter":"remove-background","params":{"background":"#00ff00"}}]', format: "jpeg" });
    expect(res.status).toBe(200);
    const { data, info } = await sharp(new Uint8Array(await res.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    let green = 0;
    let background = 0;
    for (let i = 0; i < known.length; i++)
      if (known[i] === 0) {
        background++;
        if (data[i * 3 + 1]! > 220 && data[i * 3]! < 40 && data[i * 3 + 2]! < 40) green++;
      }
    expect(green / background).toBeGreaterThan(0.95);
  });

  it("refuses a bad background in words", async () => {
    const res = await run({ steps: '[{"converter":"remove-background","params":{"background":"#12345"}}]' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/background/i);
  });

  it("refuses a 40 MP photo before queueing it with what to lower, or cuts it out", async () => {
    const big = await sharp(photo).resize(7300, 5475).jpeg({ quality: 60 }).toBuffer();
    const res = await run({ steps: '[{"converter":"remove-background"}]', format: "png" }, big);
    if (res.status === 200) {
      const meta = await sharp(new Uint8Array(await res.arrayBuffer()), { limitInputPixels: false }).metadata();
      expect([meta.width, meta.height, meta.hasAlpha]).toEqual([7300, 5475, true]);
    } else {
      console.log("40 MP:", res.status, JSON.stringify(await res.clone().json()));
      expect([413, 422]).toContain(res.status);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/lower|resize|smaller/i);
    }
  });
});
