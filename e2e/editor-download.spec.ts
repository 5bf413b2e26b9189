// Nothing changes the photo before the user does: with no steps, Download gives the file that was
// opened, byte for byte, unless a setting asks for a new encoding, and the panel says which.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { cameraJpeg } from "../converters/testing/exif";
import { fixtures, waitForResult } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "editor-download-"));

async function download(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download", exact: true }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

const note = (page: Page): Locator => page.getByRole("status", { name: "What Download gives" });
const output = (page: Page) => page.getByRole("group", { name: "Output", exact: true });

test("with no steps, Download gives the opened JPEG and PNG byte for byte, until a setting asks for a new encoding", async ({ page }) => {
  const jpeg = join(dir, "photo.jpg");
  writeFileSync(jpeg, await sharp(join(fixtures, "chelsea.png")).jpeg({ quality: 95 }).toBuffer());
  const png = join(dir, "tiny.png");
  writeFileSync(png, await sharp({ create: { width: 4, height: 4, channels: 3, background: "#336699" } }).png().toBuffer());

  await page.goto("/");
  for (const path of [jpeg, png]) {
    await page.getByLabel(/^(Choose image|Open)$/).setInputFiles(path);
    await waitForResult(page);
    const name = path.split("/").at(-1)!;
    await expect(note(page)).toHaveText(`Download gives ${name} as it is, byte for byte: no step is on.`);
    const got = await download(page);
    expect(got.name).toBe(name);
    expect(got.bytes.equals(readFileSync(path)), `${name}: ${got.bytes.length} B downloaded, ${readFileSync(path).length} B opened`).toBe(true);
  }

  // A quality asks for a new encoding: said, and done.
  await page.getByLabel(/^(Choose image|Open)$/).setInputFiles(jpeg);
  let src = await waitForResult(page);
  await output(page).getByLabel("Format").selectOption("jpeg");
  await output(page).getByRole("slider", { name: "Quality" }).fill("60");
  await expect(note(page)).toHaveText("Download encodes the photo again: you chose quality 60.");
  src = await waitForResult(page, src);
  const encoded = await download(page);
  expect(encoded.name).toBe("photo-edited.jpg");
  expect(encoded.bytes.length).toBeLessThan(readFileSync(jpeg).length);

  // Back to the file's own settings: the file again. A neutral step is a step: an encoding.
  await output(page).getByRole("slider", { name: "Quality" }).fill("80");
  await expect(note(page)).toContainText("as it is, byte for byte");
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Brightness", exact: true }).click();
  await expect(note(page)).toHaveCount(0);
  await waitForResult(page, src);
  expect((await download(page)).name).toBe("photo-edited.jpg");
});

test("a phone's photo with its location: Safe encodes it again without it, and All gives the file as it is", async ({ page }) => {
  const path = join(dir, "camera.jpg");
  writeFileSync(path, await cameraJpeg(join(fixtures, "chelsea.png")));
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(path);
  await waitForResult(page);
  await expect(note(page)).toHaveText(/^Download encodes the photo again: Metadata “Safe” removes details this file carries .*“All” gives the file as it is\.$/);
  expect((await download(page)).bytes.equals(readFileSync(path))).toBe(false);

  await output(page).getByLabel("Metadata").selectOption("all");
  await expect(note(page)).toContainText("as it is, byte for byte");
  expect((await download(page)).bytes.equals(readFileSync(path))).toBe(true);
});

test("with conversions on the server and no steps, the file is given as it is and nothing is uploaded", async ({ page, context }) => {
  const posts: string[] = [];
  context.on("request", (r) => r.method() === "POST" && r.url().includes("/api/conversions") && posts.push(r.url()));
  await page.goto("/");
  await page.getByLabel("Run on").selectOption("server");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  const got = await download(page);
  expect(got.bytes.equals(readFileSync(join(fixtures, "coffee.png")))).toBe(true);
  expect(posts).toEqual([]);
});
