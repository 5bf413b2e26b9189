import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, test } from "@playwright/test";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { fixtures } from "./helpers";

const photo = (name: string) => ({ name, mimeType: "image/png", buffer: readFileSync(join(fixtures, name)) });
// A text file that claims to be a JPEG.
const bad = { name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("Shopping list: milk, eggs, film for the camera.\n".repeat(20)) };
const SIZES = /\d+(\.\d)? (B|KB|MB) → \d+(\.\d)? (B|KB|MB) \([−+±]\d+ %\)/;

/** A thumbnail that has loaded, small: a preview, not the photo. */
async function expectThumbnail(img: Locator) {
  await expect(img).toBeVisible();
  const size = await img.evaluate(async (el: HTMLImageElement) => (await el.decode(), { width: el.naturalWidth, height: el.naturalHeight }));
  expect(size.width).toBeGreaterThan(0);
  expect(Math.min(size.width, size.height)).toBeLessThanOrEqual(112);
}

test("a batch with no photo open: per-file previews, sizes and downloads, a readable error, a zip of the good ones", async ({ page }) => {
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  // No photo is open in the editor; the batch re-encodes to the chosen format.
  await expect(page.getByRole("img", { name: "Original", exact: true })).toHaveCount(0);
  await page.getByLabel("Format").selectOption("jpeg");

  const batch = page.getByRole("region", { name: "Batch" });
  await batch.getByLabel("Add photos to a batch").setInputFiles([photo("coffee.png"), bad, photo("chelsea.png")]);
  const rows = batch.getByRole("list", { name: "Batch files" }).getByRole("listitem");
  await expect(rows).toHaveCount(3);
  await expect(batch.getByRole("link", { name: "Download zip (2 of 3)" })).toBeVisible({ timeout: 60_000 });

  for (const name of ["coffee.png", "chelsea.png"]) {
    const row = rows.filter({ hasText: name });
    await expectThumbnail(row.getByRole("img", { name: `Before: ${name}` }));
    await expectThumbnail(row.getByRole("img", { name: `After: ${name}` }));
    await expect(row).toContainText(SIZES);
    await expect(row.getByRole("alert")).toHaveCount(0);

    const edited = name.replace(".png", "-edited.jpg");
    const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: `Download ${edited}` }).click()]);
    expect(download.suggestedFilename()).toBe(edited);
    const bytes = readFileSync(await download.path());
    const [got, want] = await Promise.all([sharp(bytes).metadata(), sharp(join(fixtures, name)).metadata()]);
    expect(got).toMatchObject({ format: "jpeg", width: want.width, height: want.height });
    // The row's "after" size is the download's, in decimal KB like the editor's Target size.
    const kb = bytes.length / 1000;
    await expect(row).toContainText(`→ ${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`);
  }

  const failed = rows.filter({ hasText: "notes.jpg" });
  const alert = failed.getByRole("alert");
  await expect(alert).toContainText("not a JPEG, PNG");
  await expect(failed.getByRole("link")).toHaveCount(0);
  await expect(failed.getByRole("img", { name: "Before: notes.jpg" })).toHaveCount(0);

  const [zip] = await Promise.all([page.waitForEvent("download"), batch.getByRole("link", { name: "Download zip (2 of 3)" }).click()]);
  expect(zip.suggestedFilename()).toBe("images-edited.zip");
  const files = unzipSync(new Uint8Array(readFileSync(await zip.path())));
  expect(Object.keys(files).sort()).toEqual(["chelsea-edited.jpg", "coffee-edited.jpg"]);
  for (const bytes of Object.values(files)) expect((await sharp(Buffer.from(bytes)).metadata()).format).toBe("jpeg");

  // In a side panel 300 px wide, as on the phone: nothing overflows its row, and the error
  // runs across the row like prose (issue 20, bug 11: it was a narrow, tall box).
  for (const width of ["300px", "100%"]) {
    await batch.evaluate((el: HTMLElement, w) => void (el.style.width = w), width);
    for (const row of await rows.all()) {
      expect(await row.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    const [rowBox, alertBox] = [await failed.boundingBox(), await alert.boundingBox()];
    expect(alertBox!.width).toBeGreaterThan(rowBox!.width * 0.85);
    expect(alertBox!.height).toBeLessThan(alertBox!.width / 2);
  }

  // Removing a file takes its row (and its previews) away; the zip follows.
  await failed.getByRole("button", { name: "Remove notes.jpg" }).click();
  await expect(rows).toHaveCount(2);
  await expect(batch.getByRole("link", { name: "Download zip (2 of 2)" })).toBeVisible();
});
