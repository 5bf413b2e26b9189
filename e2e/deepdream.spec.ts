import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures, waitForResult } from "./helpers";

test("a small DeepDream runs on the server from the editor, with a progress bar, then compares before and after", async ({ page }) => {
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);

  await page.getByRole("button", { name: "DeepDream", exact: true }).click();
  await expect(page.getByRole("group", { name: "Layers" }).getByRole("checkbox", { name: "mixed3" })).toBeChecked();
  // On the device unless the user chooses the server: here they do.
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On the server when it can be reached" }).check();
  // Watched from the page: a warm server finishes this job in a few hundred milliseconds.
  await page.evaluate(() => {
    const w = window as { sawProgress?: boolean };
    new MutationObserver(() => (w.sawProgress ||= !!document.querySelector('progress[aria-label="Server job progress"]'))).observe(document.body, { subtree: true, childList: true });
  });
  // The estimate is there before anything runs, and follows the settings.
  const estimate = page.getByRole("status", { name: "Estimated time" });
  await expect(estimate).toContainText(/Estimated time on the server: about \d+ s\./);
  const seconds = async () => Number(/about (\d+) s/.exec((await estimate.textContent()) ?? "")?.[1]);
  const defaults = await seconds();
  await page.getByLabel("Steps per octave value").fill("40");
  await expect.poll(seconds).toBeGreaterThan(2 * defaults);
  await page.getByLabel("Longest side (px) value").fill("256");
  await page.getByLabel("Octaves value").fill("1");
  await page.getByLabel("Steps per octave value").fill("2");
  await page.getByLabel("Step size value").fill("0.06");
  // Nothing has run yet: a heavy step starts only on Run.
  expect(await page.evaluate(() => (window as { sawProgress?: boolean }).sawProgress)).toBeFalsy();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  src = await waitForResult(page, src);
  expect(await page.evaluate(() => (window as { sawProgress?: boolean }).sawProgress)).toBe(true);

  // Dreamed, not merely shrunk: compare with the original drawn at the result's size.
  const { width, height, change } = await page.evaluate(async () => {
    const load = async (alt: string) => {
      const img = document.querySelector<HTMLImageElement>(`img[alt="${alt}"]`)!;
      await img.decode();
      return img;
    };
    const [result, original] = await Promise.all([load("Result"), load("Original")]);
    const pixels = (img: HTMLImageElement) => {
      const canvas = new OffscreenCanvas(result.naturalWidth, result.naturalHeight);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const [a, b] = [pixels(result), pixels(original)];
    let sum = 0;
    for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!);
    return { width: result.naturalWidth, height: result.naturalHeight, change: sum / ((a.length / 4) * 3) };
  });
  expect([width, height]).toEqual([256, 171]);
  expect(change).toBeGreaterThan(8);
  await expect(page.getByRole("slider", { name: "Compare" })).toBeVisible();
});
