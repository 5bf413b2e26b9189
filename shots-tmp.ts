import { join } from "node:path";
import { chromium, devices } from "@playwright/test";
const base = "http://127.0.0.1:3200";
const photo = join(import.meta.dirname, "..", "shared", "fixtures", "chelsea.png");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const size of [{ name: "desktop", viewport: { width: 1280, height: 800 }, mobile: false }, { name: "pixel7", viewport: { width: 412, height: 915 }, mobile: true }]) {
  const context = await browser.newContext(size.mobile ? { ...devices["Pixel 7"] } : { viewport: size.viewport });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel("Choose image").setInputFiles(photo);
  await page.getByRole("img", { name: "Result", exact: true }).waitFor();
  const output = page.getByRole("group", { name: "Output", exact: true });
  await output.getByLabel("Format").selectOption("jpeg");
  await output.getByLabel("Target size").fill("30");
  await page.getByLabel("Right side").selectOption("Another encoding");
  await page.getByRole("img", { name: "Other encoding" }).waitFor();
  await page.locator('.photo-stage[aria-busy="false"]').waitFor();
  await output.evaluate((el) => el.scrollIntoView({ block: "start" }));
  const scroll = await page.evaluate(() => ({ page: document.scrollingElement!.scrollHeight, inner: innerHeight }));
  console.log(size.name, scroll);
  await page.screenshot({ path: `/tmp/h1-${size.name}-1.png` });
  await page.getByRole("group", { name: "Encoder options" }).first().evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: `/tmp/h1-${size.name}-2.png` });
  await page.getByRole("group", { name: "Right side settings" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.getByRole("button", { name: "Side by side" }).click();
  await page.screenshot({ path: `/tmp/h1-${size.name}-3.png` });
  await context.close();
}
await browser.close();
