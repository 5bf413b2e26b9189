import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fixtures, imageSummary, waitForResult } from "./helpers";

async function openCoffee(page: Page) {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  return waitForResult(page);
}

const inViewport = (page: Page, box: { x: number; y: number; width: number; height: number } | null) => {
  const { width, height } = page.viewportSize()!;
  return Boolean(box && box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5);
};

test("after choosing a photo, the photo, the Compare divider and Download are in the first viewport, with no scrolling", async ({ page }) => {
  await openCoffee(page);
  const photo = await page.getByRole("img", { name: "Original", exact: true }).boundingBox();
  expect(inViewport(page, photo)).toBe(true);
  expect(photo!.height).toBeGreaterThan(page.viewportSize()!.height * 0.25);
  expect(inViewport(page, await page.getByRole("slider", { name: "Compare" }).boundingBox())).toBe(true);
  expect(inViewport(page, await page.getByRole("link", { name: "Download" }).boundingBox())).toBe(true);
  for (const name of ["Share", "Copy", "Zoom in", "Zoom out", "Fit", "1:1"]) await expect(page.getByRole("button", { name, exact: true })).toBeInViewport();
  // The page itself does not scroll: only the settings panel does.
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight + 1)).toBe(true);
});

test("dragging the divider from the photo's left edge to its right edge sweeps Compare from 0 to 100, and the keyboard moves it", async ({ page }) => {
  await openCoffee(page);
  const compare = page.getByRole("slider", { name: "Compare" });
  const photo = (await page.getByRole("img", { name: "Original", exact: true }).boundingBox())!;
  const divider = (await compare.boundingBox())!;
  const y = photo.y + photo.height / 2;
  await page.mouse.move(divider.x + divider.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(photo.x, y, { steps: 5 });
  await expect(compare).toHaveAttribute("aria-valuenow", "0");
  await page.mouse.move(photo.x + photo.width / 2, y, { steps: 5 });
  await expect(compare).toHaveAttribute("aria-valuenow", "50");
  await page.mouse.move(photo.x + photo.width, y, { steps: 5 });
  await expect(compare).toHaveAttribute("aria-valuenow", "100");
  await page.mouse.up();
  // At 100 the result covers the whole photo: the original is clipped away entirely.
  expect(await page.getByRole("img", { name: "Original", exact: true }).evaluate((img) => getComputedStyle(img.parentElement!).clipPath)).toBe("inset(0px 0px 0px 100%)");
  await compare.focus();
  await page.keyboard.press("Home");
  await expect(compare).toHaveAttribute("aria-valuenow", "0");
  await page.keyboard.press("ArrowRight");
  await expect(compare).toHaveAttribute("aria-valuenow", "1");
  // A drag anywhere on the photo moves the divider too, while the photo fits.
  await page.mouse.click(photo.x + photo.width * 0.25, y);
  await expect(compare).toHaveAttribute("aria-valuenow", "25");
});

test("Zoom in, then 1:1, shows the full-resolution result pixel for pixel", async ({ page }) => {
  await openCoffee(page);
  await page.getByRole("button", { name: "Invert", exact: true }).click();
  await waitForResult(page, await page.getByRole("img", { name: "Result", exact: true }).getAttribute("src"));
  const result = page.getByRole("img", { name: "Result", exact: true });
  const before = (await result.boundingBox())!.width;
  await page.getByRole("button", { name: "Zoom in" }).click();
  expect((await result.boundingBox())!.width).toBeCloseTo(before * 1.5, 0);
  await page.getByRole("button", { name: "1:1" }).click();
  await expect(page.getByRole("button", { name: "1:1" })).toHaveAttribute("aria-pressed", "true");
  const shown = await result.evaluate((img: HTMLImageElement) => ({ natural: img.naturalWidth, naturalHeight: img.naturalHeight, css: img.getBoundingClientRect().width, previewShown: getComputedStyle(document.querySelector("canvas.preview")!).visibility }));
  expect([shown.natural, shown.naturalHeight]).toEqual([600, 400]);
  expect(Math.abs(shown.css - 600)).toBeLessThan(0.5);
  // The full-size image is what shows, not the preview over it.
  expect(shown.previewShown).toBe("hidden");
  await page.getByRole("button", { name: "Fit" }).click();
  expect((await result.boundingBox())!.width).toBeCloseTo(before, 0);
});

test("Ctrl+Z undoes and Ctrl+Shift+Z redoes", async ({ page }) => {
  let src = await openCoffee(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  expect((await imageSummary(page, "Result")).maxChroma).toBe(0);
  await page.locator("body").press("Control+z");
  src = await waitForResult(page, src);
  expect((await imageSummary(page, "Result")).maxChroma).toBeGreaterThan(20);
  await expect(page.getByRole("list", { name: "Steps" })).toHaveCount(0);
  await page.locator("body").press("Control+Shift+z");
  await waitForResult(page, src);
  expect((await imageSummary(page, "Result")).maxChroma).toBe(0);
});

test("reordering two steps changes the result, and switching one off removes its effect, from pixels", async ({ page }) => {
  let src = await openCoffee(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Sepia", exact: true }).click();
  src = await waitForResult(page, src);
  // Grayscale, then Sepia: brown tones.
  expect((await imageSummary(page, "Result")).maxChroma).toBeGreaterThan(20);
  const steps = page.getByRole("list", { name: "Steps" }).getByRole("listitem");
  await steps.nth(1).getByRole("button", { name: "Move up" }).click();
  await expect(steps.nth(0)).toHaveAccessibleName(/Sepia/);
  src = await waitForResult(page, src);
  // Sepia, then Grayscale: grey.
  expect((await imageSummary(page, "Result")).maxChroma).toBe(0);
  // Grayscale off: sepia alone, brown again; the step stays in the list.
  await steps.nth(1).getByRole("checkbox", { name: "Enabled" }).uncheck();
  src = await waitForResult(page, src);
  expect((await imageSummary(page, "Result")).maxChroma).toBeGreaterThan(20);
  await expect(steps).toHaveCount(2);
  await steps.nth(1).getByRole("checkbox", { name: "Enabled" }).check();
  src = await waitForResult(page, src);
  expect((await imageSummary(page, "Result")).maxChroma).toBe(0);
  await steps.nth(0).getByRole("button", { name: "Remove", exact: true }).click();
  await expect(steps).toHaveCount(1);
});

test("crop by dragging its handles on the photo gives the expected size", async ({ page }) => {
  let src = await openCoffee(page);
  await page.getByRole("button", { name: "Crop", exact: true }).click();
  // Crop mode shows the whole photo, and a new crop keeps all of it: the photo is unchanged until a handle moves.
  await expect(page.getByRole("spinbutton", { name: "Width (%) value" })).toHaveValue("100");
  await expect(page.getByRole("spinbutton", { name: "Left (%) value" })).toHaveValue("0");
  const image = (await page.locator(".crop").boundingBox())!;
  const drag = async (handle: string, dx: number, dy: number) => {
    const box = (await page.getByLabel(`Crop ${handle} handle`).boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx, y + dy, { steps: 4 });
    await page.mouse.up();
  };
  // Bottom-right in by 20 % of each side, top-left in by 10 %: 10–80 % of each side.
  await drag("bottom-right", -image.width * 0.2, -image.height * 0.2);
  await drag("top-left", image.width * 0.1, image.height * 0.1);
  await page.getByRole("button", { name: "Done cropping" }).click();
  src = await waitForResult(page, src);
  const { width, height } = await imageSummary(page, "Result");
  expect(Math.abs(width - 420)).toBeLessThanOrEqual(3);
  expect(Math.abs(height - 280)).toBeLessThanOrEqual(3);
});

test("a new photo asks whether to keep the steps, and undo survives a reload", async ({ page }) => {
  let src = await openCoffee(page);
  // PNG in, "Same as input" out: lossless, so Quality is off until a lossy format is chosen.
  await expect(page.getByRole("slider", { name: "Quality" })).toBeDisabled();
  await page.getByLabel("Format").selectOption("jpeg");
  await expect(page.getByRole("slider", { name: "Quality" })).toBeEnabled();
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  // The steps and their history come back after a reload: Undo works at once.
  // Saved to IndexedDB a moment after the last change: wait until the step is there.
  const savedSteps = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open("image-editor");
          open.onsuccess = () => {
            const get = open.result.transaction("session").objectStore("session").get("editor");
            get.onsuccess = () => resolve((get.result as { steps?: unknown[] } | undefined)?.steps?.length ?? 0);
            get.onerror = () => resolve(0);
          };
          open.onerror = () => resolve(0);
        }),
    );
  await expect.poll(savedSteps).toBe(1);
  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  src = await waitForResult(page);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("list", { name: "Steps" })).toHaveCount(0);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem")).toHaveCount(1);

  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  const ask = page.getByRole("alertdialog", { name: "Keep the steps?" });
  await expect(ask).toContainText("chelsea.png");
  await ask.getByRole("button", { name: "Start afresh" }).click();
  await expect(page.getByRole("list", { name: "Steps" })).toHaveCount(0);
  await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 451, height: 300 });
});

test("the wheel zooms around the pointer, and once zoomed a drag pans instead of moving the divider", async ({ page, isMobile }) => {
  await openCoffee(page);
  const result = page.getByRole("img", { name: "Result", exact: true });
  const compare = page.getByRole("slider", { name: "Compare" });
  const before = (await result.boundingBox())!;
  // A point a quarter of the way into the photo: it stays under the pointer while zooming.
  const at = { x: before.x + before.width / 4, y: before.y + before.height / 4 };
  const fraction = (box: { x: number; y: number; width: number; height: number }) => [(at.x - box.x) / box.width, (at.y - box.y) / box.height];
  if (isMobile) {
    // Chromium's touch emulation has no wheel, and Playwright cannot pinch: the button zooms.
    await page.getByRole("button", { name: "Zoom in" }).click();
  } else {
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
  }
  await expect.poll(async () => (await result.boundingBox())!.width).toBeGreaterThan(before.width * 1.2);
  const zoomed = (await result.boundingBox())!;
  if (!isMobile) {
    const [fx, fy] = fraction(zoomed);
    expect(fx).toBeCloseTo(0.25, 2);
    expect(fy).toBeCloseTo(0.25, 2);
  }
  await expect(page.getByRole("button", { name: "Fit" })).toHaveAttribute("aria-pressed", "false");
  const split = await compare.getAttribute("aria-valuenow");
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + 40, at.y + 30, { steps: 4 });
  await page.mouse.up();
  const panned = (await result.boundingBox())!;
  expect(panned.x - zoomed.x).toBeCloseTo(40, 0);
  expect(panned.y - zoomed.y).toBeCloseTo(30, 0);
  await expect(compare).toHaveAttribute("aria-valuenow", split!);
});
