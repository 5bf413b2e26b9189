import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { fixtures, imageSummary, waitForResult } from "./helpers";

test("a 12 MP conversion never blocks the main thread for more than 50 ms", async ({ page }) => {
  // 4000×3000 from a fixture, made here rather than committed.
  // A path, not a buffer: Playwright turns a buffer into a File by decoding base64 in the page,
  // a long task of its own that a user's file picker never causes.
  const big = join(mkdtempSync(join(tmpdir(), "e2e-")), "big.jpg");
  await sharp(join(fixtures, "coffee.png")).resize(4000, 3000, { fit: "fill" }).jpeg({ quality: 90 }).toFile(big);
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: "longtask" });
  });

  await page.getByLabel("Choose image").setInputFiles(big);
  const src = await waitForResult(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  await waitForResult(page, src);
  await expect(page.getByText("4000×3000, JPEG")).toBeVisible();
  // Let any decode or paint of the result finish inside the observed window.
  await page.waitForTimeout(500);

  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  console.log(`long tasks during a 12 MP conversion: ${JSON.stringify(longTasks.map(Math.round))}`);
  expect(longTasks.filter((d) => d > 50)).toEqual([]);
  expect(await imageSummary(page, "Result")).toEqual({ width: 4000, height: 3000, maxChroma: 0 });
});
