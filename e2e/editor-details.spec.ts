// The smaller things of issue 29's point 10, each as the user meets it in the editor.
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures, imageSummary, waitForResult } from "./helpers";

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
