import { join } from "node:path";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

export const fixtures = join(import.meta.dirname, "..", "test", "fixtures");

/** Waits until the service worker has installed (the whole precache) and controls the page. */
export async function controlled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
}

/** Reads an <img>'s decoded pixels in the page, as RGBA rows. */
export async function imagePixels(page: Page, alt: string) {
  return page.getByRole("img", { name: alt, exact: true }).evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, data: Array.from(data) };
  });
}

export type Pixels = Awaited<ReturnType<typeof imagePixels>>;

/** Size and colourfulness of an image, computed in the page: big images stay there. */
export async function imageSummary(page: Page, alt: string) {
  return page.getByRole("img", { name: alt, exact: true }).evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let maxChroma = 0;
    for (let i = 0; i < data.length; i += 4) {
      maxChroma = Math.max(maxChroma, Math.abs(data[i]! - data[i + 1]!), Math.abs(data[i + 1]! - data[i + 2]!));
    }
    return { width: canvas.width, height: canvas.height, maxChroma };
  });
}

export function rgba(px: Pixels, x: number, y: number): number[] {
  const i = (y * px.width + x) * 4;
  return px.data.slice(i, i + 4);
}

/** Waits until the Result image shows a conversion newer than `previousSrc`. */
export async function waitForResult(page: Page, previousSrc?: string | null) {
  const result = page.getByRole("img", { name: "Result", exact: true });
  await result.waitFor();
  if (previousSrc) await page.waitForFunction((old) => document.querySelector<HTMLImageElement>('img[alt="Result"]')?.src !== old, previousSrc);
  await page.locator('[aria-busy="false"]').waitFor();
  return result.getAttribute("src");
}

/** Starts recording the accessible name of every progress bar the page shows from now on. */
export async function watchProgressBars(page: Page) {
  await page.evaluate(() => {
    const w = window as { saw?: Set<string> };
    w.saw = new Set();
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll("progress")) w.saw!.add(bar.getAttribute("aria-label") ?? "");
    }).observe(document.body, { subtree: true, childList: true });
  });
}

/** The progress bars' names seen since watchProgressBars. */
export const progressBarsSeen = (page: Page) => page.evaluate(() => [...(window as { saw?: Set<string> }).saw!]);

/** Registers and logs in through the API (the page's cookies), then saves coffee, inverted, to the gallery. */
export async function signUpWithOneItem(page: Page, email: string) {
  const credentials = { email, password: "correct horse battery" };
  expect((await page.request.post("/api/auth/register", { data: credentials })).status()).toBe(201);
  expect((await page.request.post("/api/auth/login", { data: credentials })).status()).toBe(200);
  const coffee = readFileSync(join(fixtures, "coffee.png"));
  const saved = await page.request.post("/api/gallery", {
    multipart: { original: { name: "coffee.png", mimeType: "image/png", buffer: coffee }, result: { name: "r.png", mimeType: "image/png", buffer: coffee }, converter: "invert" },
  });
  expect(saved.status()).toBe(201);
}
