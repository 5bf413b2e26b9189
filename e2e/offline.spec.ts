import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures, imagePixels, waitForResult } from "./helpers";

test("after one online visit the editor loads and converts with the network off", async ({ page, context }) => {
  await page.goto("/");
  // The service worker is ready once install (the whole precache) has finished.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  const src = await waitForResult(page);
  await page.getByRole("button", { name: "Invert", exact: true }).click();
  await waitForResult(page, src);
  const original = await imagePixels(page, "Original");
  const result = await imagePixels(page, "Result");
  // Inverted: every sampled channel sums with the original's to 255.
  for (let i = 0; i < original.data.length; i += 4 * 997) {
    for (let c = 0; c < 3; c++) expect(Math.abs(original.data[i + c]! + result.data[i + c]! - 255)).toBeLessThanOrEqual(1);
  }
  // Back online, the editor keeps the photo: nothing reloads the page under the user.
  await context.setOffline(false);
  await page.waitForTimeout(1000);
  await expect(page.getByRole("img", { name: "Result", exact: true })).toBeVisible();
});
