// Issue 29: the gallery as versions. Saves of one opened photo are one item; "Edit again" opens
// its original with its steps, and saving from there is the same item's next version.
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fixtures, imageSummary, waitForResult } from "./helpers";

async function signUp(page: Page, email: string) {
  const credentials = { email, password: "correct horse battery" };
  expect((await page.request.post("/api/auth/register", { data: credentials })).status()).toBe(201);
  expect((await page.request.post("/api/auth/login", { data: credentials })).status()).toBe(200);
}

test("saving one photo again and again makes one item; Edit again restores its original and steps, and saves into the same item", async ({ page }, info) => {
  test.setTimeout(180_000);
  await signUp(page, `versions-${info.project.name}-${Date.now()}@example.org`);
  const account = page.getByRole("navigation", { name: "Account" });
  const save = page.getByRole("button", { name: "Save to gallery" });
  const status = page.getByRole("status", { name: "Gallery save" });
  const steps = page.getByRole("list", { name: "Steps" }).getByRole("listitem");

  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  await page.getByRole("button", { name: "Resize", exact: true }).click();
  await page.getByLabel("Width (px, 0 = auto) value").fill("300");
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  await save.click();
  await expect(status).toHaveText("Saved to your gallery");
  await page.getByRole("button", { name: "Invert", exact: true }).click();
  src = await waitForResult(page, src);
  await save.click();
  await expect(status).toHaveText("Saved to your gallery (version 2)");

  // One card, named by the photo, holding the latest steps.
  await account.getByRole("link", { name: "Gallery" }).click();
  const grid = page.getByRole("list", { name: "Saved conversions" });
  await expect(grid.getByRole("listitem")).toHaveCount(1);
  await expect(grid.getByRole("listitem")).toContainText("coffee.png");
  await grid.getByRole("button", { name: /^Open coffee\.png, Resize → Grayscale → Invert, / }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("version 2");
  await expect(dialog.getByRole("list", { name: "Steps" }).getByRole("listitem")).toHaveText(["Resize (Width (px, 0 = auto) 300)", "Grayscale", "Invert"]);

  // Edit again: the editor opens the original (in colour, full size) with the three steps and their settings.
  await dialog.getByRole("link", { name: "Edit again" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.locator('main[data-ready="true"]').waitFor();
  await expect(steps).toHaveText([/1\. Resize/, /2\. Grayscale/, /3\. Invert/]);
  src = await waitForResult(page);
  const original = await imageSummary(page, "Original");
  expect(original).toMatchObject({ width: 600, height: 400 });
  expect(original.maxChroma).toBeGreaterThan(40);
  const result = await imageSummary(page, "Result");
  expect(result).toMatchObject({ width: 300, height: 200 });
  expect(result.maxChroma).toBeLessThanOrEqual(2);
  await page.getByRole("button", { name: "Edit step 1: Resize" }).click();
  await expect(page.getByLabel("Width (px, 0 = auto) value")).toHaveValue("300");

  // Saving from here is the same item's next version, not a new item.
  await steps.nth(2).getByRole("button", { name: "Remove", exact: true }).click();
  src = await waitForResult(page, src);
  await save.click();
  await expect(status).toHaveText("Saved to your gallery (version 3)");

  // Automatic saving, once turned on, saves each settled result into the same item too.
  await page.getByRole("checkbox", { name: "Save automatically" }).check();
  await page.getByRole("button", { name: "Sepia", exact: true }).click();
  await waitForResult(page, src);
  await expect(status).toHaveText("Saved to your gallery (version 4)");

  await account.getByRole("link", { name: "Gallery" }).click();
  await expect(grid.getByRole("listitem")).toHaveCount(1);
  await expect(grid.getByRole("button")).toHaveAccessibleName(/^Open coffee\.png, Resize → Grayscale → Sepia, /);
  // The setting is remembered on this device for this account.
  await account.getByRole("link", { name: "Editor" }).click();
  await page.locator('main[data-ready="true"]').waitFor();
  await expect(page.getByRole("checkbox", { name: "Save automatically" })).toBeChecked();
});
