import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fixtures, imageSummary, waitForResult } from "./helpers";

/** Hands the page a File built in the page itself, as a drop or a paste would. */
async function dispatchFile(page: Page, event: "drop" | "paste") {
  const base64 = readFileSync(join(fixtures, "chelsea.png")).toString("base64");
  await page.evaluate(
    ({ base64, event }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "chelsea.png", { type: "image/png" }));
      if (event === "drop") {
        const target = document.querySelector("main")!;
        target.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      } else {
        window.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer }));
      }
    },
    { base64, event },
  );
}

for (const event of ["drop", "paste"] as const) {
  test(`an image arrives by ${event}`, async ({ page }) => {
    await page.goto("/");
    // Synthetic events reach only the handlers React has attached, so wait for hydration.
    await page.locator('main[data-ready="true"]').waitFor();
    await dispatchFile(page, event);
    await waitForResult(page);
    expect(await imageSummary(page, "Original")).toMatchObject({ width: 451, height: 300 });
  });
}

test("undo and redo walk the pipeline, and the result follows", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  let src = await waitForResult(page);
  await page.getByRole("button", { name: "Grayscale", exact: true }).click();
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Rotate", exact: true }).click();
  src = await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toEqual({ width: 400, height: 600, maxChroma: 0 });

  await page.getByRole("button", { name: "Undo" }).click();
  src = await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toEqual({ width: 600, height: 400, maxChroma: 0 });
  await page.getByRole("button", { name: "Undo" }).click();
  src = await waitForResult(page, src);
  expect((await imageSummary(page, "Result")).maxChroma).toBeGreaterThan(20);

  await page.getByRole("button", { name: "Redo" }).click();
  src = await waitForResult(page, src);
  await page.getByRole("button", { name: "Redo" }).click();
  src = await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toEqual({ width: 400, height: 600, maxChroma: 0 });

  // Settings come from the schema: the angle slider edits the selected step.
  await page.getByRole("spinbutton", { name: "Angle (degrees) value" }).fill("180");
  await waitForResult(page, src);
  expect(await imageSummary(page, "Result")).toEqual({ width: 600, height: 400, maxChroma: 0 });
});
