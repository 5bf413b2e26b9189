// Screenshots of the editor with a photo loaded, at phone and desktop sizes, for the README and
// for review: `npx tsx scripts/screenshots.ts` against a running app (BASE_URL, default :3000).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, devices } from "@playwright/test";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const out = join(import.meta.dirname, "..", "docs", "screenshots");
const photo = join(import.meta.dirname, "..", "test", "fixtures", process.env.PHOTO ?? "coffee.png");
const sizes = [
  { name: "phone-360x800", viewport: { width: 360, height: 800 }, mobile: true },
  { name: "pixel7-412x915", viewport: { width: 412, height: 915 }, mobile: true },
  { name: "desktop-1280x800", viewport: { width: 1280, height: 800 }, mobile: false },
  { name: "desktop-1920x1080", viewport: { width: 1920, height: 1080 }, mobile: false },
];

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const size of sizes) {
  const context = await browser.newContext({
    ...(size.mobile ? { ...devices["Pixel 7"], viewport: size.viewport, screen: size.viewport } : { viewport: size.viewport }),
  });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel("Choose image").setInputFiles(photo);
  await page.getByRole("button", { name: "Saturation", exact: true }).click();
  await page.getByRole("button", { name: "Sharpen", exact: true }).click();
  await page.getByRole("img", { name: "Result", exact: true }).waitFor();
  await page.locator('.photo-stage[aria-busy="false"]').waitFor();
  await page.locator(".panel").evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: join(out, `${size.name}.png`) });
  console.log(size.name);
  await context.close();
}
await browser.close();
