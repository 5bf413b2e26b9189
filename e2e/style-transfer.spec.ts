// Style transfer as a user meets it: choose a shipped style, run it on this device with progress,
// cancel a longer run, run it offline after one visit; and on the server with a style photo of the
// user's own, sent with the job.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { decode, resultBytes } from "./dream-helpers";
import { meanAbsDiff, type Rgb } from "./dream-metrics";
import { controlled, fixtures, waitForResult } from "./helpers";

const stylePhoto = join(import.meta.dirname, "..", "converters", "style-transfer", "styles", "retina.jpg");
const LABELS: Record<string, string> = { steps: "Steps per scale", scales: "Scales", maxSize: "Longest side (px)" };

async function setParams(page: Page, params: Record<string, number>) {
  for (const [key, value] of Object.entries(params)) await page.getByLabel(`${LABELS[key]} value`).fill(String(value));
}

/** The mean of each channel: a painting in another style moves them, a photo left alone does not. */
function channelMeans({ data, channels }: Rgb): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < data.length; i++) if (i % channels < 3) sums[i % channels]! += data[i]!;
  return sums.map((s) => s / (data.length / channels));
}

async function openPhoto(page: Page) {
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  const src = await waitForResult(page);
  await page.getByRole("button", { name: "Style transfer", exact: true }).click();
  return src;
}

async function expectProgressMoves(page: Page, name: string) {
  const progress = page.getByRole("progressbar", { name });
  await expect.poll(async () => Number(await progress.getAttribute("value")), { timeout: 120_000 }).toBeGreaterThan(0);
}

test("Style transfer on the device: a shipped style, progress, Cancel, and offline after one visit", async ({ page, context }) => {
  test.setTimeout(300_000);
  await page.goto("/");
  await controlled(page);
  let src = await openPhoto(page);
  const original = await decode(await sharp(readFileSync(join(fixtures, "chelsea.png"))).resize(256, 170, { fit: "fill" }).png().toBuffer());

  // The user chooses a style and sees it; the device runs it.
  await page.getByLabel("Style", { exact: true }).selectOption("cells");
  await expect(page.getByRole("img", { name: "Style photo: cells" })).toBeVisible();
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On this device" }).check();
  await setParams(page, { maxSize: 256, scales: 2, steps: 6 });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expectProgressMoves(page, "On-device progress");
  src = await waitForResult(page, src);
  await expect(page.getByText(/Ran Style transfer on this device/)).toBeVisible();
  const painted = await decode(await resultBytes(page));
  expect([painted.width, painted.height]).toEqual([256, 170]);
  const change = meanAbsDiff(painted, original);
  const [before, after] = [channelMeans(original), channelMeans(painted)];
  console.log(`cells style on the device: mean |result − photo| ${change.toFixed(1)} levels; channel means ${before.map((v) => v.toFixed(0))} → ${after.map((v) => v.toFixed(0))}`);
  expect(change).toBeGreaterThan(12);
  expect(Math.max(...after.map((v, c) => Math.abs(v - before[c]!)))).toBeGreaterThan(8);

  // A longer run is under way, then cancelled: it stops, and the earlier result stays.
  await setParams(page, { steps: 150 });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expectProgressMoves(page, "On-device progress");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Cancelled." })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "On-device progress" })).toHaveCount(0);

  // Offline after a reload: the steps come back, and a style runs on the device with no network.
  await context.setOffline(true);
  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.getByRole("button", { name: "Edit step 1: Style transfer" }).click();
  await setParams(page, { steps: 5 });
  const runButton = page.getByRole("button", { name: /^Run( again)?$/ });
  if (await runButton.count()) await runButton.first().click();
  src = await waitForResult(page);
  await expect(page.getByText(/Offline: ran Style transfer on this device|Ran Style transfer on this device/)).toBeVisible();
  const offline = await decode(await resultBytes(page));
  expect(meanAbsDiff(offline, original)).toBeGreaterThan(12);
  await context.setOffline(false);
});

test("Style transfer on the server with the user's own style photo", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  let src = await openPhoto(page);
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On the server when it can be reached" }).check();
  await page.getByLabel("Style", { exact: true }).selectOption("upload");
  await page.getByLabel("Style photo", { exact: true }).setInputFiles(stylePhoto);
  await expect(page.getByRole("img", { name: "Style photo: retina.jpg" })).toBeVisible();
  await setParams(page, { scales: 2, steps: 6 });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expectProgressMoves(page, "Server job progress");
  src = await waitForResult(page, src);
  const painted = await decode(await resultBytes(page));
  const original = await decode(readFileSync(join(fixtures, "chelsea.png")));
  expect([painted.width, painted.height]).toEqual([451, 300]);
  // The retina is red: the painting's red channel rises against its blue.
  const [before, after] = [channelMeans(original), channelMeans(painted)];
  console.log(`own style on the server: mean |result − photo| ${meanAbsDiff(painted, original).toFixed(1)} levels; channel means ${before.map((v) => v.toFixed(0))} → ${after.map((v) => v.toFixed(0))}`);
  expect(meanAbsDiff(painted, original)).toBeGreaterThan(12);
  expect(after[0]! - after[2]!).toBeGreaterThan(before[0]! - before[2]! + 20);
});
