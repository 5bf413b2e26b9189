// Heavy steps as a user with a phone photo meets them: on the device unless they choose the
// server (a choice remembered), an estimate for where they run, Run refused before it starts
// when the plan refuses, and a 24 MP photo sent to a DeepDream job at the size the dream uses.
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { fixtures, imageSummary, waitForResult } from "./helpers";

/** A 6000×4000 JPEG of about 7 MB: noise, so it does not compress below the server's 5 MiB. */
const phonePhoto = () =>
  sharp({ create: { width: 6000, height: 4000, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 24 } } })
    .jpeg({ quality: 80 })
    .toBuffer();

const placement = (page: Page) => page.getByRole("group", { name: "Where heavy steps run" });
const estimate = (page: Page) => page.getByRole("status", { name: "Estimated time" });
const run = (page: Page) => page.getByRole("button", { name: "Run", exact: true });

async function open(page: Page, file: Parameters<Page["setInputFiles"]>[1]) {
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(file);
  return waitForResult(page);
}

test("a 24 MP, 7 MB photo runs DeepDream on the server once the user chooses it: shrunk on the device, one POST under 5 MB", async ({ page, context }) => {
  test.setTimeout(240_000);
  const photo = await phonePhoto();
  expect(photo.length).toBeGreaterThan(5 * 1024 * 1024);
  // Each POST's body size: its Content-Length (the service worker may send it; Playwright shows no multipart body with files).
  const posts: Promise<number>[] = [];
  context.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/conversions") posts.push(r.allHeaders().then((h) => Number(h["content-length"])));
  });
  let src = await open(page, { name: "phone.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByRole("button", { name: "DeepDream", exact: true }).click();
  // A short dream at the default longest side (1024 px).
  await page.getByLabel("Octaves value").fill("1");
  await page.getByLabel("Steps per octave value").fill("2");

  // By default it runs here, estimated for here, at the device's cap; the photo stays.
  await expect(placement(page).getByRole("radio", { name: "On this device" })).toBeChecked();
  await expect(estimate(page)).toContainText(/^Estimated time on this device: about \d+ (s|min) \(/);
  await expect(page.getByText("On this device DeepDream works at up to 512 px on the long side: the result will be 512×341 (1024×683 on the server).")).toBeVisible();
  await expect(page.getByText("The photo does not leave this device.")).toBeVisible();
  const onDevice = await estimate(page).textContent();

  // Uploading is the user's choice, and the estimate becomes the server's, for what is sent.
  await placement(page).getByRole("radio", { name: "On the server when it can be reached" }).check();
  await expect(estimate(page)).toHaveText(/^Estimated time on the server: about \d+ s\.$/);
  expect(await estimate(page).textContent()).not.toBe(onDevice);
  await expect(page.getByText("DeepDream needs only 1024×683: the photo (6000×4000) is shrunk to that on this device, then uploaded.")).toBeVisible();
  expect(posts).toHaveLength(0);

  await run(page).click();
  src = await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 1024, height: 683 });
  await expect(page.getByRole("complementary", { name: "Edit" }).getByRole("alert")).toHaveCount(0);
  const sizes = await Promise.all(posts);
  expect(sizes).toHaveLength(1);
  expect(sizes[0]).toBeGreaterThan(0);
  expect(sizes[0]).toBeLessThan(5_000_000);
  console.log(`24 MP photo: ${(photo.length / 1e6).toFixed(1)} MB; POST /api/conversions body ${(sizes[0]! / 1e6).toFixed(2)} MB`);

  // The choice is remembered on this device.
  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  await expect(placement(page).getByRole("radio", { name: "On the server when it can be reached" })).toBeChecked();
});

test("Run is disabled with the reason when the plan refuses, and the server is offered only where it could run it", async ({ page }) => {
  test.setTimeout(120_000);
  // 1200×800: over AI upscale's 768 px on the device, fine for the server.
  const wide = await sharp(join(fixtures, "coffee.png")).resize(1200, 800).png().toBuffer();
  await open(page, { name: "wide.png", mimeType: "image/png", buffer: wide });
  await page.getByRole("button", { name: "AI upscale", exact: true }).click();
  await expect(estimate(page)).toHaveText("On this device AI upscale takes photos up to 768 px on the long side; this one is 1200×800. Resize it first, or run it on the server.");
  await expect(run(page)).toBeDisabled();
  await expect(run(page)).toHaveAccessibleDescription(/up to 768 px/);

  // One click says where from now on; the radio follows it.
  await page.getByRole("button", { name: "Run heavy steps on the server" }).click();
  await expect(placement(page).getByRole("radio", { name: "On the server when it can be reached" })).toBeChecked();
  await expect(estimate(page)).toHaveText(/^Estimated time on the server: about \d+ s\.$/);
  await expect(run(page)).toBeEnabled();

  // ×4 of a 6 MP photo would be 96 MP: the server refuses it too, so only what to do is offered.
  await page.getByRole("button", { name: "Clear all steps" }).click();
  const large = await sharp(join(fixtures, "coffee.png")).resize(3000, 2000).jpeg().toBuffer();
  await page.getByLabel("Choose image").setInputFiles({ name: "large.jpg", mimeType: "image/jpeg", buffer: large });
  await waitForResult(page);
  await page.getByRole("button", { name: "AI upscale", exact: true }).click();
  await page.getByLabel("Scale (×) value").fill("4");
  await expect(estimate(page)).toHaveText(
    "AI upscale makes results up to 24 megapixels; ×4 of this 3000×2000 picture would be 96. The largest input that fits is 1500×1000; resize the photo first or choose a smaller scale.",
  );
  await expect(run(page)).toBeDisabled();
  await expect(page.getByRole("button", { name: "Run heavy steps on the server" })).toHaveCount(0);
});
