// Export settings end to end: a target size on a 12 MP photo, metadata choices read back from
// the download, two encodings compared on the stage, a batch with the full settings, and an
// encoder option whose effect shows in the size.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import exifReader from "exif-reader";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { cameraJpeg } from "../converters/testing/exif";
import { fixtures, waitForResult } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "export-spec-"));

/** "312 KB" → 312000: the editor's decimal units, read back (rounded as shown). */
function shownBytes(text: string): number {
  const [, n, unit] = /([\d.]+) (B|KB|MB)/.exec(text)!;
  return Number(n) * { B: 1, KB: 1e3, MB: 1e6 }[unit as "B"];
}

/** The result's size after the arrow in "Result size": "1.2 MB → 312 KB (−74 %)". */
async function resultBytes(page: Page): Promise<number> {
  const text = (await page.getByRole("status", { name: "Result size" }).textContent())!;
  return shownBytes(text.split("→")[1]!);
}

async function download(page: Page, link = page.getByRole("link", { name: "Download", exact: true })): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return readFileSync(await file.path());
}

/** A 12 MP photo-like JPEG: the cat photo enlarged, with sensor-like noise so it does not compress like a drawing. */
async function twelveMegapixels(): Promise<string> {
  const [width, height] = [4000, 3000];
  const noise = await sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 12 } } }).raw().toBuffer();
  const path = join(dir, "big.jpg");
  await sharp(join(fixtures, "chelsea.png")).resize(width, height).composite([{ input: noise, raw: { width, height, channels: 3 }, blend: "soft-light" }]).jpeg({ quality: 92 }).toFile(path);
  return path;
}

const output = (page: Page) => page.getByRole("group", { name: "Output", exact: true });

test("a target size on a 12 MP photo: the download fits, close under it, and the chosen quality is shown", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(await twelveMegapixels());
  let src = await waitForResult(page);
  await output(page).getByLabel("Format").selectOption("jpeg");
  await output(page).getByLabel("Target size").fill("400");
  // The search picks the quality: the slider is not the user's meanwhile.
  await expect(output(page).getByRole("slider", { name: "Quality" })).toBeDisabled();
  src = await waitForResult(page, src);
  await expect(output(page).getByText(/^Quality \d+ chosen to fit 400 KB/)).toBeVisible();

  const bytes = await download(page);
  expect((await sharp(bytes).metadata()).format).toBe("jpeg");
  expect(bytes.length).toBeLessThanOrEqual(400_000);
  expect(bytes.length).toBeGreaterThanOrEqual(0.9 * 400_000);

  // Lossless PNG has no quality to lower: the field says so instead of failing.
  await output(page).getByLabel("Format").selectOption("png");
  await expect(output(page).getByLabel("Target size")).toBeDisabled();
  await expect(output(page).getByText("PNG is lossless: turn on Palette below for a target size.")).toBeVisible();
});

test("Metadata: Safe drops the GPS position and keeps the capture date; None drops the EXIF", async ({ page }) => {
  const path = join(dir, "camera.jpg");
  writeFileSync(path, await cameraJpeg(join(fixtures, "chelsea.png")));
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(path);
  let src = await waitForResult(page);
  await expect(output(page).getByLabel("Metadata")).toHaveValue("safe");
  await expect(output(page).getByText(/drops location, serial numbers/)).toBeVisible();

  const safe = await sharp(await download(page)).metadata();
  const exif = exifReader(safe.exif!);
  expect(exif.GPSInfo).toBeUndefined();
  expect(exif.Photo?.DateTimeOriginal).toBeTruthy();
  expect(safe.icc).toBeTruthy();

  await output(page).getByLabel("Metadata").selectOption("none");
  src = await waitForResult(page, src);
  const none = await sharp(await download(page)).metadata();
  expect(none.exif).toBeUndefined();
  expect(src).toBeTruthy();
});

test("two encodings compared: each side captioned with its format and size, in the divider view and side by side", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  await waitForResult(page);
  await output(page).getByLabel("Format").selectOption("jpeg");
  const stage = page.getByRole("region", { name: "Photo" });
  const left = stage.getByText(/^Result · JPEG [\d.]+ KB$/);
  await expect(left).toBeVisible();
  await expect(stage.getByText(/^Original · PNG [\d.]+ KB$/)).toBeVisible();

  await page.getByLabel("Right side").selectOption("Another encoding");
  const rightSettings = page.getByRole("group", { name: "Right side settings" });
  await expect(rightSettings.getByLabel("Format")).toHaveValue("webp");
  const right = stage.getByText(/^Other · WebP [\d.]+ KB$/);
  await expect(right).toBeVisible();
  await expect(page.getByRole("img", { name: "Other encoding" })).toBeVisible();
  await expect(page.getByRole("slider", { name: "Compare" })).toBeVisible();
  const [leftText, rightText] = [await left.textContent(), await right.textContent()];
  expect(shownBytes(leftText!)).not.toBe(shownBytes(rightText!));

  // The right side's own settings: a lower quality makes it smaller.
  await rightSettings.getByRole("slider", { name: "Quality" }).fill("20");
  await expect(stage.getByText(/^Other · WebP/)).not.toHaveText(rightText!);
  const smaller = (await stage.getByText(/^Other · WebP/).textContent())!;
  expect(shownBytes(smaller)).toBeLessThan(shownBytes(rightText!));

  await page.getByRole("button", { name: "Side by side" }).click();
  await expect(stage.getByText(/^Result · JPEG [\d.]+ KB$/)).toBeVisible();
  await expect(stage.getByText(/^Other · WebP [\d.]+ KB$/)).toBeVisible();
  await expect(page.getByRole("img", { name: "Other encoding" })).toBeVisible();
  // In the divider's order: the main result first (left, or on top in a tall stage).
  const [first, second] = [(await stage.getByText(/^Result · /).boundingBox())!, (await stage.getByText(/^Other · /).boundingBox())!];
  expect(first.x < second.x || first.y < second.y).toBe(true);

  // Download is the main (left) result.
  expect((await sharp(await download(page)).metadata()).format).toBe("jpeg");
});

test("a batch of five with one bad file, saved with the full export settings", async ({ page }) => {
  const bad = { name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("Not a photo at all.\n".repeat(40)) };
  const files = [
    { name: "chelsea.png", mimeType: "image/png", buffer: readFileSync(join(fixtures, "chelsea.png")) },
    { name: "coffee.png", mimeType: "image/png", buffer: readFileSync(join(fixtures, "coffee.png")) },
    { name: "chelsea-small.png", mimeType: "image/png", buffer: await sharp(join(fixtures, "chelsea.png")).resize(300).png().toBuffer() },
    { name: "camera.jpg", mimeType: "image/jpeg", buffer: Buffer.from(await cameraJpeg(join(fixtures, "coffee.png"))) },
    bad,
  ];
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  // No photo open: the Output settings apply to the batch all the same.
  await output(page).getByLabel("Format").selectOption("jpeg");
  await output(page).getByLabel("Metadata").selectOption("none");
  await output(page).getByLabel("Target size").fill("20");

  const batch = page.getByRole("region", { name: "Batch" });
  await expect(batch).toContainText("at most 20 KB");
  await batch.getByLabel("Add photos to a batch").setInputFiles(files);
  const rows = batch.getByRole("list", { name: "Batch files" }).getByRole("listitem");
  await expect(rows).toHaveCount(5);
  const zipLink = batch.getByRole("link", { name: "Download zip (4 of 5)" });
  await expect(zipLink).toBeVisible({ timeout: 60_000 });

  for (const { name } of files.slice(0, 4)) {
    const row = rows.filter({ has: page.getByText(name, { exact: true }) });
    await expect(row.getByRole("img", { name: `Before: ${name}` })).toBeVisible();
    await expect(row.getByRole("img", { name: `After: ${name}` })).toBeVisible();
    await expect(row).toContainText(/[\d.]+ KB → [\d.]+ KB \([−+±]\d+ %\)/);
    await expect(row.getByRole("link", { name: /^Download / })).toBeVisible();
    await expect(row.getByRole("alert")).toHaveCount(0);
  }
  const failed = rows.filter({ hasText: "notes.jpg" });
  await expect(failed.getByRole("alert")).toContainText("not a JPEG, PNG");
  await expect(failed.getByRole("link")).toHaveCount(0);

  const one = await download(page, rows.filter({ hasText: "camera.jpg" }).getByRole("link", { name: "Download camera-edited.jpg" }));
  expect(one.length).toBeLessThanOrEqual(20_000);
  expect((await sharp(one).metadata()).exif).toBeUndefined();

  const zip = unzipSync(new Uint8Array(await download(page, zipLink)));
  expect(Object.keys(zip)).toHaveLength(4);
  for (const bytes of Object.values(zip)) {
    expect(bytes.length).toBeLessThanOrEqual(20_000);
    expect((await sharp(Buffer.from(bytes)).metadata()).format).toBe("jpeg");
  }
});

test("an encoder option shows in the size: a 16-colour palette PNG is smaller than lossless", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  let src = await waitForResult(page);
  const quality = output(page).getByRole("slider", { name: "Quality" });
  await expect(quality).toBeDisabled();
  const lossless = await resultBytes(page);

  const encoder = output(page).getByRole("group", { name: "Encoder options" });
  await expect(encoder.getByLabel("Colours")).toBeDisabled();
  await encoder.getByLabel("Palette").check();
  await encoder.getByLabel("Colours").selectOption("16");
  // With a palette, quality is the quantiser's again.
  await expect(quality).toBeEnabled();
  src = await waitForResult(page, src);
  const palette = await resultBytes(page);
  expect(palette).toBeLessThan(lossless / 2);
  const png = await sharp(await download(page)).metadata();
  expect(png).toMatchObject({ format: "png", isPalette: true, bitsPerSample: 4 });

  // Another format starts from its own defaults.
  await output(page).getByLabel("Format").selectOption("webp");
  await expect(output(page).getByRole("group", { name: "Encoder options" }).getByLabel("Lossless", { exact: true })).not.toBeChecked();
  await output(page).getByLabel("Format").selectOption("png");
  await expect(output(page).getByRole("group", { name: "Encoder options" }).getByLabel("Palette")).not.toBeChecked();
});
