import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { fixtures, imageSummary, waitForResult } from "./helpers";

// How long the main thread is held while this runs is a speed figure, measured by
// `npm run bench:editor` (longest main-thread task), not asserted here.
test("a 12 MP JPEG converts in the browser to a full-size result", async ({ page }) => {
  // 4000×3000 from a fixture, made here rather than committed. A path, not a buffer, as a user's
  // file picker gives it.
  const big = join(mkdtempSync(join(tmpdir(), "e2e-")), "big.jpg");
  await sharp(join(fixtures, "coffee.png")).resize(4000, 3000, { fit: "fill" }).jpeg({ quality: 90 }).toFile(big);
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();

  await page.getByLabel("Choose image").setInputFiles(big);
  const src = await waitForResult(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  await waitForResult(page, src);
  await expect(page.getByText("4000×3000, JPEG")).toBeVisible();
  expect(await imageSummary(page, "Result")).toEqual({ width: 4000, height: 3000, maxChroma: 0 });
});
