import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures, imageSummary, waitForResult } from "./helpers";

test("register, log in, save a device result and a server job's, find both in the gallery, open one, delete it, log out", async ({ page }, info) => {
  const email = `e2e-${info.project.name}-${Date.now()}@example.org`;
  const password = "correct horse battery staple";
  const account = page.getByRole("navigation", { name: "Account" });

  await page.goto("/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(account.getByLabel("Signed in as")).toHaveText(email);
  await account.getByRole("button", { name: "Log out" }).click();
  await expect(account.getByRole("link", { name: "Log in" })).toBeVisible();

  await account.getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("wrong");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("Nothing here yet")).toBeVisible();

  // On the device: saved by the page when "Save to gallery" is pressed, with the thumbnail it made
  // itself (a multipart body with files is not visible to Playwright, so the page's fetch notes its fields
  // from a clone of the request).
  await page.addInitScript(() => {
    const sent: { name: string; type: string; size: number }[] = ((window as unknown as { gallerySaves: unknown[] }).gallerySaves = []) as never;
    const fetch = window.fetch;
    window.fetch = async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === "/api/gallery" && request.method === "POST") {
        for (const [name, value] of await request.clone().formData()) sent.push({ name, type: value instanceof Blob ? value.type : "text", size: value instanceof Blob ? value.size : String(value).length });
      }
      return fetch(request);
    };
  });
  await account.getByRole("link", { name: "Editor" }).click();
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  // Saving is explicit: nothing is sent until the button is pressed.
  const status = page.getByRole("status", { name: "Gallery save" });
  await expect(page.getByRole("checkbox", { name: "Save automatically" })).not.toBeChecked();
  expect(await page.evaluate(() => (window as unknown as { gallerySaves: unknown[] }).gallerySaves)).toEqual([]);
  await page.getByRole("button", { name: "Save to gallery" }).click();
  await expect(status).toHaveText("Saved to your gallery");
  await expect(page.getByRole("button", { name: "Save to gallery" })).toBeDisabled();
  const fields = await page.evaluate(() => (window as unknown as { gallerySaves: { name: string; type: string; size: number }[] }).gallerySaves);
  expect(fields.map((f) => f.name)).toEqual(["original", "result", "steps", "editSession", "thumb"]);
  expect(fields.find((f) => f.name === "thumb")).toMatchObject({ type: "image/webp", size: expect.any(Number) });

  // On the server, another photo: the job is not saved by the worker (gallery=skip), only by "Save".
  await page.getByRole("button", { name: "Clear" }).click();
  await page.getByLabel("Run on").selectOption("server");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Sepia", exact: true }).click();
  await waitForResult(page, src);
  // Had the worker saved it, the result would say so (X-Gallery-Id) and the button would be spent.
  await expect(page.getByRole("button", { name: "Save to gallery" })).toBeEnabled();
  await expect(status).toBeHidden();
  await page.getByRole("button", { name: "Save to gallery" }).click();
  await expect(status).toHaveText("Saved to your gallery");

  await account.getByRole("link", { name: "Gallery" }).click();
  const grid = page.getByRole("list", { name: "Saved conversions" });
  await expect(grid.getByRole("listitem")).toHaveCount(2);
  // Each card names its photo.
  await expect(grid.getByRole("button").first()).toHaveAccessibleName(/^Open chelsea\.png, Sepia, /);
  await expect(grid.getByRole("button").nth(1)).toHaveAccessibleName(/^Open coffee\.png, Grayscale, /);
  await expect(grid.getByRole("listitem").nth(1)).toContainText("coffee.png");
  // The thumbnails are real pictures.
  await expect.poll(() => grid.locator("img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([320, 320]);

  await grid.getByRole("button", { name: /^Open coffee\.png, Grayscale, / }).click();
  const dialog = page.getByRole("dialog", { name: /^coffee\.png, Grayscale, / });
  await expect(dialog).toBeVisible();
  const result = await imageSummary(page, "Result");
  expect(result).toMatchObject({ width: 600, height: 400 });
  expect(result.maxChroma).toBeLessThanOrEqual(2);
  expect((await imageSummary(page, "Original")).maxChroma).toBeGreaterThan(40);
  await expect(dialog.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\/api\/gallery\/[0-9a-f-]+\/result$/);

  await dialog.getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Yes, delete" }).click();
  await expect(dialog).toBeHidden();
  await expect(grid.getByRole("listitem")).toHaveCount(1);
  await page.reload();
  await expect(grid.getByRole("listitem")).toHaveCount(1);
  await expect(grid.getByRole("button")).toHaveAccessibleName(/^Open chelsea\.png, Sepia, /);

  await account.getByRole("button", { name: "Log out" }).click();
  // Logging out goes back to the editor with a full load.
  await page.waitForURL((url) => url.pathname === "/");
  await expect(account.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto("/gallery");
  await expect(page.getByText("to see your gallery")).toBeVisible();
  expect((await page.request.get("/api/gallery")).status()).toBe(401);
});
