import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures, imagePixels, rgba, waitForResult } from "./helpers";

test("grayscale then flip horizontal, checked from the Result's pixels, then download", async ({ page }) => {
  await page.goto("/");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  const original = await imagePixels(page, "Original");

  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Flip horizontal", exact: true }).click();
  src = await waitForResult(page, src);

  const result = await imagePixels(page, "Result");
  expect([result.width, result.height]).toEqual([original.width, original.height]);
  let maxChroma = 0;
  let mirrorError = 0;
  let samples = 0;
  for (let y = 0; y < result.height; y += 7) {
    for (let x = 0; x < result.width; x += 7) {
      const [r, g, b] = rgba(result, x, y);
      maxChroma = Math.max(maxChroma, Math.abs(r! - g!), Math.abs(g! - b!));
      // Mirrored: compare with the luminance of the original's pixel on the other side.
      const [or, og, ob] = rgba(original, original.width - 1 - x, y);
      const luma = 0.2126 * or! + 0.7152 * og! + 0.0722 * ob!;
      mirrorError += Math.abs(r! - luma);
      samples++;
    }
  }
  expect(maxChroma).toBe(0);
  // Luminance is computed in linear light by libvips, so allow a few levels on average.
  expect(mirrorError / samples).toBeLessThan(12);
  // And not merely symmetric: the un-mirrored comparison must be clearly worse.
  let straightError = 0;
  for (let y = 0; y < result.height; y += 7)
    for (let x = 0; x < result.width; x += 7) {
      const [or, og, ob] = rgba(original, x, y);
      straightError += Math.abs(rgba(result, x, y)[0]! - (0.2126 * or! + 0.7152 * og! + 0.0722 * ob!));
    }
  expect(straightError / samples).toBeGreaterThan(2 * (mirrorError / samples));

  await page.getByLabel("Format").selectOption("webp");
  await waitForResult(page, src);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("coffee-edited.webp");
  const bytes = readFileSync(await file.path());
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
  expect(bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
});

test("a text file named photo.jpg gets a clear error, and the next image converts", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles({
    name: "photo.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("Dear diary, today I saved a text file with a .jpg name.\n".repeat(20)),
  });
  // Next's route announcer is an empty alert too; ours is the one that names the file.
  const alert = page.getByRole("alert").filter({ hasText: "photo.jpg" });
  await expect(alert).toContainText(/not a JPEG, PNG/);
  // Nothing to edit: no broken image, and the steps cannot be added to it.
  await expect(page.getByRole("img", { name: "Original", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Invert", exact: true })).toBeDisabled();

  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  await page.getByRole("button", { name: "Invert", exact: true }).click();
  await expect(page.getByRole("img", { name: "Result", exact: true })).toBeVisible();
  await expect(alert).toHaveCount(0);
  const result = await imagePixels(page, "Result");
  expect([result.width, result.height]).toEqual([451, 300]);
});

test("GET /api/converters over HTTP lists every converter with JSON Schema params", async ({ request }) => {
  const res = await request.get("/api/converters");
  expect(res.status()).toBe(200);
  expect(res.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
  const list = (await res.json()) as Array<{ id: string; name: string; params: { type: string; $schema: string } }>;
  expect(list.length).toBeGreaterThanOrEqual(15);
  for (const c of list) expect(c.params).toMatchObject({ type: "object", $schema: expect.stringContaining("json-schema") });
  expect(list.map((c) => c.name)).toEqual(expect.arrayContaining(["Grayscale", "Flip horizontal", "Invert"]));
});

test("the same flow as server jobs: progress, polling, and the result", async ({ page, context }) => {
  await page.goto("/");
  await page.getByLabel("Run on").selectOption("server");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  const posts: string[] = [];
  // The page's own requests, or its service worker's once it controls the page.
  context.on("request", (r) => r.method() === "POST" && r.url().endsWith("/api/conversions") && posts.push(r.url()));
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Flip horizontal", exact: true }).click();
  await waitForResult(page, src);
  // One job per run, whatever the chain: Grayscale, then Grayscale → Flip horizontal.
  expect(posts.length).toBe(2);
  const result = await imagePixels(page, "Result");
  const original = await imagePixels(page, "Original");
  expect([result.width, result.height]).toEqual([600, 400]);
  const [r, g, b] = rgba(result, 10, 10);
  expect(r).toBe(g);
  expect(g).toBe(b);
  const [or, og, ob] = rgba(original, 589, 10);
  expect(Math.abs(r! - (0.2126 * or! + 0.7152 * og! + 0.0722 * ob!))).toBeLessThan(20);
});

test("POST /api/conversions and GET /api/jobs/{id} over HTTP", async ({ request }) => {
  const res = await request.post("/api/conversions", {
    multipart: { image: { name: "chelsea.png", mimeType: "image/png", buffer: readFileSync(join(fixtures, "chelsea.png")) }, converter: "sepia", format: "jpeg" },
  });
  expect(res.status()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  expect(res.headers()["location"]).toBe(`/api/jobs/${id}`);
  let job = await request.get(`/api/jobs/${id}`);
  for (let i = 0; job.status() === 202 && i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    job = await request.get(`/api/jobs/${id}`);
  }
  expect(job.status()).toBe(200);
  expect(job.headers()["content-type"]).toBe("image/jpeg");
  expect(job.headers()["content-disposition"]).toContain("chelsea-sepia.jpg");
  expect((await request.delete(`/api/jobs/${id}`)).status()).toBe(204);
  expect((await request.get(`/api/jobs/${id}`)).status()).toBe(404);
});
