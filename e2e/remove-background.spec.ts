// Remove background as a user meets it: on the device (offline after one visit that fetched the
// model), on a checkerboard, downloaded as a PNG with alpha, touched up with the brush and Undo;
// and on the server, where the same strokes give the same cutout and the gallery keeps them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { controlled, imagePixels, type Pixels, waitForResult } from "./helpers";

const photo = join(import.meta.dirname, "..", "test", "fixtures", "cutout", "horse-on-cat.jpg");
const isModel = (url: string) => /^\/models\/u2netp-/.test(new URL(url).pathname);
/** Where the stroke goes: across the horse's body (photo coordinates from 0 to 1). */
const STROKE = { from: [0.45, 0.5], to: [0.6, 0.5] } as const;

const alphaAt = (px: Pixels, x: number, y: number) => px.data[(Math.round(y * px.height) * px.width + Math.round(x * px.width)) * 4 + 3]!;
/** Mean alpha along the stroke's line. */
const alongStroke = (px: Pixels) => {
  let sum = 0;
  for (let t = 0; t <= 1; t += 0.05) sum += alphaAt(px, STROKE.from[0] + t * (STROKE.to[0] - STROKE.from[0]), STROKE.from[1]);
  return sum / 21;
};

async function drawStroke(page: Page) {
  const brush = page.getByRole("application", { name: /brush: draw on the photo/ });
  const box = (await brush.boundingBox())!;
  const at = ([x, y]: readonly number[]) => [box.x + x! * box.width, box.y + y! * box.height] as const;
  await page.mouse.move(...at(STROKE.from));
  await page.mouse.down();
  for (let t = 0.1; t <= 1; t += 0.1) await page.mouse.move(...at([STROKE.from[0] + t * (STROKE.to[0] - STROKE.from[0]), STROKE.from[1]]));
  await page.mouse.up();
}

/** Opens the composite, adds Remove background and runs it on this device; gives the result's src. */
async function cutOutOnDevice(page: Page): Promise<string | null> {
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(photo);
  const src = await waitForResult(page);
  await page.getByRole("button", { name: "Remove background", exact: true }).click();
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On this device" }).check();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  return waitForResult(page, src);
}

test("Remove background on the device, offline: a checkerboard, a PNG with alpha, and a brush that erases and undoes", async ({ page, context }) => {
  test.setTimeout(240_000);
  const modelRequests: string[] = [];
  context.on("request", (r) => isModel(r.url()) && modelRequests.push(r.url()));
  await page.goto("/");
  await controlled(page);
  let src = await cutOutOnDevice(page);
  await expect(page.getByText(/^Ran Remove background on this device \((WASM, \d+ threads|WebGPU)\)\.$/)).toBeVisible();
  expect(modelRequests.length).toBeGreaterThan(0);

  // Offline, after a reload: the step runs again here, the model from the service worker's cache.
  await context.setOffline(true);
  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  expect(await page.evaluate(() => crossOriginIsolated && !navigator.onLine)).toBe(true);
  // It ran before the reload: it runs again by itself, here.
  await page.getByRole("button", { name: "Edit step 1: Remove background" }).click();
  src = await waitForResult(page);
  await expect(page.getByText(/^Offline: ran Remove background on this device|^Ran Remove background on this device/)).toBeVisible();
  const result = page.getByRole("img", { name: "Result", exact: true });
  expect(await result.evaluate((img) => getComputedStyle(img).backgroundImage)).toContain("conic-gradient");
  const cut = await imagePixels(page, "Result");
  expect([cut.width, cut.height]).toEqual([960, 720]);
  expect(alphaAt(cut, 0.05, 0.05)).toBeLessThan(16);
  expect(alongStroke(cut)).toBeGreaterThan(200);

  // "Same as input" for a JPEG gives a PNG here, with its alpha.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download", exact: true }).click()]);
  expect(file.suggestedFilename()).toMatch(/\.png$/);
  const downloaded = await sharp(readFileSync(await file.path())).metadata();
  expect([downloaded.format, downloaded.hasAlpha]).toEqual(["png", true]);

  // Erase across the horse: those pixels become transparent; Undo stroke brings them back.
  await page.getByRole("button", { name: "Touch up with a brush" }).click();
  await page.getByRole("radio", { name: "Erase" }).check();
  await drawStroke(page);
  await expect(page.getByRole("status").filter({ hasText: /strokes?\./ })).toContainText("1 stroke.");
  src = await waitForResult(page, src);
  expect(alongStroke(await imagePixels(page, "Result"))).toBeLessThan(8);
  await page.getByRole("button", { name: "Undo stroke" }).click();
  src = await waitForResult(page, src);
  expect(alongStroke(await imagePixels(page, "Result"))).toBeGreaterThan(200);
  await context.setOffline(false);
});

test("Remove background on the server gives the device's cutout, and the gallery keeps its strokes", async ({ page }, info) => {
  test.setTimeout(240_000);
  const credentials = { email: `cutout-${info.project.name}-${Date.now()}@example.org`, password: "correct horse battery" };
  expect((await page.request.post("/api/auth/register", { data: credentials })).status()).toBe(201);
  expect((await page.request.post("/api/auth/login", { data: credentials })).status()).toBe(200);
  await page.goto("/");
  let src = await cutOutOnDevice(page);
  await page.getByRole("button", { name: "Touch up with a brush" }).click();
  await page.getByRole("radio", { name: "Erase" }).check();
  await drawStroke(page);
  src = await waitForResult(page, src);
  const device = await imagePixels(page, "Result");

  await page.getByLabel("Run on").selectOption("server");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  src = await waitForResult(page, src);
  const server = await imagePixels(page, "Result");
  expect([server.width, server.height]).toEqual([device.width, device.height]);
  let differ = 0;
  for (let i = 3; i < server.data.length; i += 4) if (Math.abs(server.data[i]! - device.data[i]!) > 24) differ++;
  expect(differ / (server.width * server.height)).toBeLessThan(0.005);
  expect(alongStroke(server)).toBeLessThan(8);

  await page.getByRole("button", { name: "Save to gallery" }).click();
  await expect(page.getByRole("status").filter({ hasText: "gallery" })).toHaveText("Saved to your gallery");
  const items = (await (await page.request.get("/api/gallery")).json()) as { items: { steps: { converter: string; params: { strokes?: unknown[] } }[] }[] };
  const saved = items.items[0]!.steps.find((s) => s.converter === "remove-background")!;
  expect(saved.params.strokes).toHaveLength(1);
});
