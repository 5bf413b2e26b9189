import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, type Request, test } from "@playwright/test";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { controlled, fixtures, imageSummary, signUpWithOneItem, waitForResult } from "./helpers";

/** Coffee, then DeepDream at its defaults on the server (the user's choice): a server job of several seconds. */
async function startDream(page: Page) {
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  const before = await waitForResult(page);
  await page.getByRole("button", { name: "DeepDream", exact: true }).click();
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On the server when it can be reached" }).check();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const bar = page.getByRole("progressbar", { name: "Server job progress" });
  await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 30_000 }).toBeGreaterThan(0);
  return before;
}

const isJobPoll = (r: Request) => r.method() === "GET" && /\/api\/jobs\/[\w-]+$/.test(new URL(r.url()).pathname);
const isSubmit = (r: Request) => r.method() === "POST" && r.url().endsWith("/api/conversions");

test("a page reloaded mid-job resumes the same job and shows its result", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  const submits: string[] = [];
  context.on("request", (r) => isSubmit(r) && submits.push(r.url()));
  await startDream(page);
  expect(submits).toHaveLength(1);

  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  // The photo and the pipeline came back from IndexedDB, and the job was joined, not restarted.
  await expect(page.getByRole("button", { name: "Edit step 1: DeepDream" })).toBeVisible();
  const result = page.getByRole("img", { name: "Result", exact: true });
  await expect(result).toBeVisible({ timeout: 60_000 });
  await page.locator('[aria-busy="false"]').waitFor();
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 600, height: 400 });
  expect(submits).toHaveLength(1);
});

test("two tabs, one job: only the service worker polls, once per Retry-After", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  const polls: { at: number; fromWorker: boolean; url: string }[] = [];
  context.on("request", (r) => isJobPoll(r) && polls.push({ at: Date.now(), fromWorker: !!r.serviceWorker(), url: r.url() }));
  const before = await startDream(page);
  // The second tab opens where the first is and joins the same job.
  const second = await context.newPage();
  await second.goto("/");
  await expect(second.getByRole("button", { name: "Edit step 1: DeepDream" })).toBeVisible();
  // Both tabs show the dream: the first replaces its earlier result, the second had none.
  await page.waitForFunction((old) => document.querySelector<HTMLImageElement>('img[alt="Result"]')?.src !== old, before, { timeout: 60_000 });
  await expect(second.getByRole("img", { name: "Result", exact: true })).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => second.locator('[aria-busy="false"]').count()).toBe(1);

  expect(polls.length).toBeGreaterThan(1);
  expect(new Set(polls.map((p) => p.url)).size).toBe(1);
  expect(polls.every((p) => p.fromWorker)).toBe(true);
  const gaps = polls.slice(1).map((p, i) => p.at - polls[i]!.at);
  // Two pollers would show up as pairs of requests a few milliseconds apart.
  expect(Math.min(...gaps)).toBeGreaterThan(800);
  await second.close();
});

test("offline, the gallery shows the most recent items, thumbnails and results", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  const email = `offline-${Date.now()}@example.org`;
  const credentials = { email, password: "correct horse battery" };
  expect((await page.request.post("/api/auth/register", { data: credentials })).status()).toBe(201);
  expect((await page.request.post("/api/auth/login", { data: credentials })).status()).toBe(200);
  const coffee = readFileSync(join(fixtures, "coffee.png"));
  const grey = await sharp(coffee).grayscale().png().toBuffer();
  for (const converter of ["grayscale", "invert"]) {
    const saved = await page.request.post("/api/gallery", {
      multipart: { original: { name: "coffee.png", mimeType: "image/png", buffer: coffee }, result: { name: "r.png", mimeType: "image/png", buffer: grey }, converter },
    });
    expect(saved.status()).toBe(201);
  }
  await page.goto("/gallery");
  const grid = page.getByRole("list", { name: "Saved conversions" });
  await expect(grid.getByRole("listitem")).toHaveCount(2);
  // The page warms the cache with the recent items' images.
  await expect.poll(() => page.evaluate(async () => (await (await caches.open("user-gallery")).keys()).length), { timeout: 15_000 }).toBeGreaterThanOrEqual(7);

  await context.setOffline(true);
  await page.reload();
  await expect(grid.getByRole("listitem")).toHaveCount(2);
  await expect.poll(() => grid.locator("img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([320, 320]);
  await grid.getByRole("button", { name: /^Open coffee\.png, Invert, / }).click();
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 600, height: 400, maxChroma: 0 });
  await context.setOffline(false);
});

test("the offline copy of the gallery goes with the session: /api/auth/session answering no user empties it", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  await signUpWithOneItem(page, `expiring-${Date.now()}@example.org`);
  await page.goto("/gallery");
  await expect(page.getByRole("list", { name: "Saved conversions" }).getByRole("listitem")).toHaveCount(1);
  await expect.poll(() => page.evaluate(async () => (await (await caches.open("user-gallery")).keys()).length), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);

  // The session ends (its cookie expires); the next look online answers no user, and the copy goes.
  await context.clearCookies();
  await page.reload();
  await expect.poll(() => page.evaluate(() => caches.has("user-gallery"))).toBe(false);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("list", { name: "Saved conversions" }).getByRole("listitem")).toHaveCount(0);
  await context.setOffline(false);
});

test("a photo posted to the share target opens in the editor", async ({ page }) => {
  await page.goto("/");
  await controlled(page);
  // As the installed app receives a share: a multipart POST navigation to /share.
  await page.evaluate(() => {
    const form = Object.assign(document.createElement("form"), { method: "POST", action: "/share", enctype: "multipart/form-data" });
    form.append(Object.assign(document.createElement("input"), { type: "file", name: "image", id: "shared-file" }));
    document.body.append(form);
  });
  await page.setInputFiles("#shared-file", join(fixtures, "coffee.png"));
  await page.evaluate(() => document.querySelector<HTMLFormElement>("form[action='/share']")!.submit());
  await page.waitForURL((url) => url.pathname === "/");
  await page.locator('main[data-ready="true"]').waitFor();
  expect(await imageSummary(page, "Original")).toMatchObject({ width: 600, height: 400 });
  await expect(page.getByRole("img", { name: "Result", exact: true })).toBeVisible();
});

test("a batch of 3 photos through the pipeline, one row and download each, downloads as a zip of 3", async ({ page }) => {
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  const src = await waitForResult(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  await waitForResult(page, src);
  const names = ["coffee.png", "chelsea.png", "coffee.png"];
  await page.getByLabel("Add photos to a batch").setInputFiles(names.map((n) => join(fixtures, n)));
  const batch = page.getByRole("region", { name: "Batch" });
  await expect(batch.getByRole("list", { name: "Batch files" }).getByRole("listitem")).toHaveCount(3);
  for (const name of ["coffee-edited.png", "coffee-edited-2.png", "chelsea-edited.png"]) {
    await expect(batch.getByRole("link", { name: `Download ${name}`, exact: true })).toBeVisible({ timeout: 60_000 });
  }
  const link = batch.getByRole("link", { name: "Download zip (3 of 3)" });
  await expect(link).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("images-edited.zip");
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(files).sort()).toEqual(["chelsea-edited.png", "coffee-edited-2.png", "coffee-edited.png"]);
  for (const bytes of Object.values(files)) {
    const { info, data } = await sharp(Buffer.from(bytes)).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBeGreaterThan(100);
    // Grey: every pixel's channels agree.
    for (let i = 0; i < data.length; i += info.channels * 101) expect(Math.abs(data[i]! - data[i + 1]!)).toBeLessThanOrEqual(1);
  }
});

test("a server job asked for offline waits for the network, then runs", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  // Run on the server by choice: offline, the job waits (with heavy steps on the server when it can be reached, DeepDream would run on the device).
  await page.getByLabel("Run on").selectOption("server");
  await waitForResult(page);
  await context.setOffline(true);
  await page.getByRole("button", { name: "DeepDream", exact: true }).click();
  await page.getByLabel("Longest side (px) value").fill("200");
  await page.getByLabel("Octaves value").fill("1");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("status", { name: "Time left" })).toHaveText(/Waiting for network/, { timeout: 20_000 });
  await page.waitForTimeout(1500);
  await context.setOffline(false);
  await expect(page.getByRole("img", { name: "Result", exact: true })).toBeVisible({ timeout: 60_000 });
  await page.locator('[aria-busy="false"]').waitFor();
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 200, height: 133 });
});

test("a service worker stopped mid-job picks the job up again from IndexedDB", async ({ page, context }) => {
  await page.goto("/");
  await controlled(page);
  const before = await startDream(page);
  // What Chromium does to an idle worker: stop it. The page's next message starts it again.
  const cdp = await context.newCDPSession(page);
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await page.waitForFunction((old) => document.querySelector<HTMLImageElement>('img[alt="Result"]')?.src !== old, before, { timeout: 60_000 });
  await page.locator('[aria-busy="false"]').waitFor({ timeout: 60_000 });
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 600, height: 400 });
});
