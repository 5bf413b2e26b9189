// AI upscale as a user meets it: on the device (offline after one visit that fetched the
// model), and on the server in a chain that runs as one job and lands in the gallery.
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { controlled, fixtures, progressBarsSeen, watchProgressBars, imageSummary, waitForResult } from "./helpers";

const isModel = (url: string) => /^\/models\/esrgan-x2-/.test(new URL(url).pathname);

test("AI upscale ×2 on the device, offline after one visit that fetched the model", async ({ page, context }) => {
  test.setTimeout(240_000);
  const modelRequests: string[] = [];
  context.on("request", (r) => isModel(r.url()) && modelRequests.push(r.url()));
  await page.goto("/");
  await controlled(page);
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  expect(modelRequests).toEqual([]);

  await watchProgressBars(page);
  await page.getByRole("button", { name: "AI upscale", exact: true }).click();
  const placement = page.getByRole("group", { name: "Where heavy steps run" });
  await expect(placement).toContainText("AI upscale at 768 px");
  await placement.getByRole("radio", { name: "On this device" }).check();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  src = await waitForResult(page, src);
  await expect(page.getByText(/^Ran AI upscale on this device \((WASM, \d+ threads|WebGPU)\)\.$/)).toBeVisible();
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 1200, height: 800 });
  const seen = await progressBarsSeen(page);
  expect(seen).toContain("On-device progress");
  expect(seen).not.toContain("Server job progress");
  expect(modelRequests.length).toBeGreaterThan(0);
  const cached = await page.evaluate(async () => (await (await caches.open("ml-models")).keys()).map((r) => new URL(r.url).pathname));
  expect(cached.some((p) => /^\/models\/esrgan-x2-[0-9a-f]+\.onnx$/.test(p))).toBe(true);

  // Offline, after a reload: the editor comes back with its photo and step, and with the server
  // chosen, the upscale runs here, the model from the service worker's cache.
  await context.setOffline(true);
  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  expect(await page.evaluate(() => crossOriginIsolated && !navigator.onLine)).toBe(true);
  await page.getByRole("button", { name: "Edit step 1: AI upscale" }).click();
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On the server when it can be reached" }).check();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByText(/^Offline: ran AI upscale on this device/)).toBeVisible({ timeout: 120_000 });
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 1200, height: 800 });
  await context.setOffline(false);
});

test("Resize, AI upscale and Grayscale run on the server as one job, and the gallery shows the chain", async ({ page, context }, info) => {
  test.setTimeout(240_000);
  const jobs: string[] = [];
  context.on("request", (r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/conversions" && jobs.push(r.url()));
  const account = page.getByRole("navigation", { name: "Account" });
  await page.goto("/register");
  await page.getByLabel("Email").fill(`upscale-${info.project.name}-${Date.now()}@example.org`);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(account.getByLabel("Signed in as")).toBeVisible();
  await account.getByRole("link", { name: "Editor" }).click();
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Run on").selectOption("server");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);

  await page.getByRole("button", { name: "Resize", exact: true }).click();
  await page.getByLabel("Width (px, 0 = auto) value").fill("300");
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "AI upscale", exact: true }).click();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  src = await waitForResult(page, src);
  const before = jobs.length;
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  // One job for the three steps: one upload, one result.
  expect(jobs.length - before).toBe(1);
  const result = await imageSummary(page, "Result");
  expect(result).toMatchObject({ width: 600, height: 400 });
  expect(result.maxChroma).toBeLessThanOrEqual(2);
  // Saving is the user's word (issue 29): one click keeps the chain.
  await page.getByRole("button", { name: "Save to gallery" }).click();
  await expect(page.getByRole("status").filter({ hasText: "gallery" })).toHaveText("Saved to your gallery");

  await account.getByRole("link", { name: "Gallery" }).click();
  const grid = page.getByRole("list", { name: "Saved conversions" });
  const item = grid.getByRole("button", { name: /^Open coffee\.png, Resize → AI upscale → Grayscale, / });
  await expect(item).toHaveCount(1);
  await item.click();
  const steps = page.getByRole("dialog").getByRole("list", { name: "Steps" });
  await expect(steps.getByRole("listitem")).toHaveText(["Resize (Width (px, 0 = auto) 300)", "AI upscale", "Grayscale"]);
});
