import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { decode, onServer, resultBytes, setParams } from "./dream-helpers";
import { meanAbsDiff } from "./dream-metrics";
import { fixtures, waitForResult } from "./helpers";

// Chromium's software WebGPU (SwiftShader): slow, but the same provider code a GPU runs.
test.use({ launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--enable-unsafe-webgpu"] } });

test("the device dreams on WebGPU where the browser has it, and agrees with the server", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one WebGPU run is enough: SwiftShader takes seconds a step");
  test.setTimeout(300_000);
  await page.goto("/");
  await page.locator('main[data-ready="true"]').waitFor();
  test.skip(!(await page.evaluate(async () => !!(await (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()))), "this Chromium offers no WebGPU adapter");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  let src = await waitForResult(page);
  await page.getByRole("button", { name: "DeepDream", exact: true }).click();
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On this device" }).check();
  const tiny = { maxSize: 120, octaves: 1, steps: 3 };
  await setParams(page, tiny);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  src = await waitForResult(page, src);
  await expect(page.getByText("Ran DeepDream on this device (WebGPU).")).toBeVisible();
  const device = await decode(await resultBytes(page));
  const server = await decode(await onServer(page, tiny));
  expect([device.width, device.height]).toEqual([120, 80]);
  const difference = meanAbsDiff(device, server);
  console.log(`WebGPU dream (1 octave × 3 steps, 120 px): mean |device − server| ${difference.toFixed(2)} levels`);
  expect(difference).toBeLessThan(2);
});
