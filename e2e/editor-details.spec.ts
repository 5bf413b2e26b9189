// The smaller things of issue 29's point 10, each as the user meets it in the editor.
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fixtures, imageSummary, signUpWithOneItem, waitForResult } from "./helpers";

test("the 16:9 crop preset writes hundredths of a percent, and crops to 16:9", async ({ page }) => {
  await page.goto("/");
  // 451×300: an aspect whose 16:9 box has no short decimal form.
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  let src = await waitForResult(page);
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Crop", exact: true }).click();
  await page.getByLabel("Aspect").selectOption("16:9");
  const settings = page.getByRole("group", { name: "Crop settings" });
  await expect(settings.getByRole("spinbutton", { name: "Height (%) value" })).not.toHaveValue("100");
  for (const name of ["Left (%)", "Top (%)", "Width (%)", "Height (%)"]) {
    await expect(settings.getByRole("spinbutton", { name: `${name} value` }), name).toHaveValue(/^\d+(\.\d{1,2})?$/);
  }
  await page.getByRole("button", { name: "Done cropping" }).click();
  src = await waitForResult(page, src);
  const { width, height } = await imageSummary(page, "Result");
  expect(Math.abs(width / height - 16 / 9)).toBeLessThan(0.01);
});

test("after a crop the compare lays the original's cropped part under the result, so both halves line up; a quarter turn says it is centred", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Crop", exact: true }).click();
  const settings = page.getByRole("group", { name: "Crop settings" });
  // x 20–70 %, y 10–60 % of 600×400: a 300×200 result.
  for (const [name, value] of [["Left (%)", "20"], ["Top (%)", "10"], ["Width (%)", "50"], ["Height (%)", "50"]] as const) {
    await settings.getByRole("spinbutton", { name: `${name} value` }).fill(value);
  }
  await page.getByRole("button", { name: "Done cropping" }).click();
  src = await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toMatchObject({ width: 300, height: 200 });
  const result = (await page.getByRole("img", { name: "Result", exact: true }).boundingBox())!;
  const original = (await page.getByRole("img", { name: "Original", exact: true }).boundingBox())!;
  // The original at the result's scale, shifted so its pixel (120, 40) is the result's corner.
  expect(original.width / result.width).toBeCloseTo(2, 2);
  expect(original.height / result.height).toBeCloseTo(2, 2);
  expect(original.x + 0.2 * original.width).toBeCloseTo(result.x, 0);
  expect(original.y + 0.1 * original.height).toBeCloseTo(result.y, 0);
  await expect(page.getByRole("note")).toHaveCount(0);
  // Side by side shows the same part on both sides: the original is clipped to the result's frame.
  await page.getByRole("button", { name: "Side by side" }).click();
  const frame = page.getByRole("img", { name: "Original", exact: true }).locator("xpath=..");
  expect(await frame.evaluate((el) => getComputedStyle(el).overflow)).toBe("hidden");
  const [shown, made] = [(await frame.boundingBox())!, (await page.getByRole("img", { name: "Result", exact: true }).boundingBox())!];
  expect(shown.width).toBeCloseTo(made.width, 0);
  expect(shown.height).toBeCloseTo(made.height, 0);
  await page.getByRole("button", { name: "Side by side" }).click();

  // A quarter turn: no part of the original lies under the result, and the stage says so.
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Rotate", exact: true }).click();
  await waitForResult(page, src);
  await expect(page.getByRole("note")).toHaveText("Turned result: both sides are centred, not aligned");
});

test("the gallery puts the result on the left and the original on the right, as the editor does", async ({ page }, info) => {
  // The editor: "Result" captions the left side, "Original" the right.
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  const stage = page.getByRole("region", { name: "Photo" });
  const [editorResult, editorOriginal] = [(await stage.getByText(/^Result/).boundingBox())!, (await stage.getByText(/^Original/).boundingBox())!];
  expect(editorResult.x).toBeLessThan(editorOriginal.x);

  await signUpWithOneItem(page, `order-${info.project.name}-${Date.now()}@example.org`);
  await page.goto("/gallery");
  await page.getByRole("list", { name: "Saved conversions" }).getByRole("button", { name: /^Open coffee\.png, Invert, / }).click();
  const dialog = page.getByRole("dialog", { name: /^coffee\.png, Invert, / });
  const captions = async () => [(await dialog.getByText("Result", { exact: true }).boundingBox())!, (await dialog.getByText("Original", { exact: true }).boundingBox())!] as const;
  let [result, original] = await captions();
  expect(result.x).toBeLessThan(original.x);
  // The slider counts the result from the left, as the editor's divider does: 100 is all result.
  const slider = dialog.getByRole("slider", { name: "Before and after slider" });
  await slider.fill("100");
  expect(await dialog.getByRole("img", { name: "Original" }).evaluate((img) => getComputedStyle(img.parentElement!).clipPath)).toBe("inset(0px 0px 0px 100%)");
  await dialog.getByRole("button", { name: "Side by side" }).click();
  [result, original] = await captions();
  expect(result.x < original.x || result.y < original.y).toBe(true);
});

/**
 * Tabs through the page and names every control the keyboard reached without a visible ring: an
 * outline of at least 2 px, on the control or on what stands for it (a file input's label, the
 * Compare divider's handle).
 */
async function controlsWithoutRing(page: Page, tabs: number, atLeast: number): Promise<string[]> {
  const missing = new Set<string>();
  const seen = new Set<string>();
  for (let i = 0; i < tabs; i++) {
    await page.keyboard.press("Tab");
    const found = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return undefined;
      const name = `${el.tagName.toLowerCase()}${el.getAttribute("type") ? `[${el.getAttribute("type")}]` : ""} “${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 30) ?? ""}”`;
      const shows = (x: Element | null) => {
        if (!x) return false;
        const style = getComputedStyle(x);
        return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
      };
      const ring = shows(el) || (el.matches("input[type=file]") && shows(el.closest("label"))) || shows(el.querySelector(".handle"));
      return { name, ring };
    });
    if (!found) continue;
    seen.add(found.name);
    if (!found.ring) missing.add(found.name);
  }
  expect(seen.size).toBeGreaterThanOrEqual(atLeast);
  return [...missing];
}

test("every control the keyboard reaches shows a focus ring, Choose image first among them", async ({ page }) => {
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  // "Choose image" is an invisible file input in a label: the label shows the ring.
  await page.getByLabel("Choose image").focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Choose image")).toBeFocused();
  const label = page.locator("label.picker").filter({ hasText: "Choose image" });
  expect(await label.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");

  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Brightness", exact: true }).click();
  await page.locator("body").focus();
  expect(await controlsWithoutRing(page, 80, 40)).toEqual([]);

  await page.goto("/login");
  expect(await controlsWithoutRing(page, 12, 6)).toEqual([]);
});

test("a PDF opened mid-edit is refused by its bytes, before any question: the photo and its steps stay", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  const steps = page.getByRole("list", { name: "Steps" }).getByRole("listitem");
  await expect(steps).toHaveCount(1);

  await page.getByLabel(/^(Choose image|Open)$/).setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") });
  await expect(page.getByRole("alert").filter({ hasText: "report.pdf" })).toHaveText(
    /^report\.pdf is a PDF document, not a JPEG, PNG, WebP, AVIF, GIF or TIFF image, so it was not opened\. Your photo and its steps are as they were\./,
  );
  await expect(page.getByRole("alertdialog", { name: "Keep the steps?" })).toHaveCount(0);
  await expect(steps).toHaveCount(1);
  expect(await imageSummary(page, "Original")).toMatchObject({ width: 600, height: 400 });
  expect(await page.getByRole("img", { name: "Result", exact: true }).getAttribute("src")).toBe(src);
  await page.getByRole("alert").filter({ hasText: "report.pdf" }).getByRole("button", { name: "OK" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "report.pdf" })).toHaveCount(0);

  // A photo still asks, as before.
  await page.getByLabel(/^(Choose image|Open)$/).setInputFiles(join(fixtures, "chelsea.png"));
  await expect(page.getByRole("alertdialog", { name: "Keep the steps?" })).toContainText("chelsea.png");
});

test("crop handles are 44 px touch targets where the pointer is a finger, and the zoom level shows, named, on every screen", async ({ page, isMobile }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  const zoom = page.getByRole("status", { name: "Zoom level" });
  await expect(zoom).toBeInViewport();
  await expect(zoom).toHaveText(/^\d+ %$/);
  await page.getByRole("button", { name: "1:1" }).click();
  await expect(zoom).toHaveText("100 %");
  await page.getByRole("button", { name: "Fit" }).click();

  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Crop", exact: true }).click();
  const coarse = await page.evaluate(() => matchMedia("(pointer: coarse)").matches);
  expect(coarse).toBe(isMobile);
  for (const name of ["top-left", "top", "right", "bottom-right"]) {
    const box = (await page.getByLabel(`Crop ${name} handle`).boundingBox())!;
    expect(Math.min(box.width, box.height), name).toBeGreaterThanOrEqual(coarse ? 43.5 : 21.5);
    // Wholly on screen, so a finger can take it at the photo's edge.
    await expect(page.getByLabel(`Crop ${name} handle`)).toBeInViewport({ ratio: 0.99 });
  }
});
