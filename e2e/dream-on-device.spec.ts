import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { decode, isEngine, onServer, resultBytes, setParams } from "./dream-helpers";
import { colourFilterResidual, fineDetail, meanAbsDiff } from "./dream-metrics";
import { controlled, fixtures, progressBarsSeen, watchProgressBars, waitForResult } from "./helpers";

test("DeepDream on the device: the engine downloads once with progress, dreams offline, and agrees with the server", async ({ page, context }) => {
  test.setTimeout(300_000);
  const engineRequests: string[] = [];
  context.on("request", (r) => isEngine(r.url()) && engineRequests.push(r.url()));
  await page.goto("/");
  await controlled(page);
  await page.locator('main[data-ready="true"]').waitFor();
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "chelsea.png"));
  let src = await waitForResult(page);
  // The first load, the service worker's install and an on-device conversion fetch none of it.
  expect(engineRequests).toEqual([]);

  // Online, the user picks "On this device": the engine downloads with a progress bar, then dreams.
  await watchProgressBars(page);
  await page.getByRole("button", { name: "DeepDream", exact: true }).click();
  const placement = page.getByRole("group", { name: "Where heavy steps run" });
  // The device is the default: the photo stays unless the user chooses the server.
  await expect(placement.getByRole("radio", { name: "On this device" })).toBeChecked();
  await expect(placement).toContainText("DeepDream at 512 px");
  const estimate = page.getByRole("status", { name: "Estimated time" });
  await expect(estimate).toContainText("Estimated time on this device: about");
  // A short dream, in the range where float differences between engines stay small (see bench:dream-web).
  const short = { maxSize: 256, octaves: 1, steps: 5 };
  await setParams(page, short);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  src = await waitForResult(page, src);
  const seen = await progressBarsSeen(page);
  expect(seen).toContain("Model download");
  expect(seen).toContain("On-device progress");
  expect(seen).not.toContain("Server job progress");
  await expect(page.getByText(/Ran DeepDream on this device \(WASM, \d+ threads\)|Ran DeepDream on this device \(WebGPU\)/)).toBeVisible();
  const cached = await page.evaluate(async () => (await (await caches.open("ml-models")).keys()).map((r) => new URL(r.url).pathname));
  expect(cached.some((p) => p.startsWith("/models/"))).toBe(true);
  expect(cached.some((p) => p.endsWith(".wasm"))).toBe(true);

  // The same seed and parameters as a server job: float differences only.
  const device = await decode(await resultBytes(page));
  const server = await decode(await onServer(page, short));
  expect([device.width, device.height]).toEqual([256, 170]);
  const original = await decode(await sharp(readFileSync(join(fixtures, "chelsea.png"))).resize(256, 170, { fit: "fill" }).png().toBuffer());
  const shortFigures = { deviceVsServer: meanAbsDiff(device, server), dreamChange: meanAbsDiff(device, original) };
  console.log(`short dream (1 octave × 5 steps, 256 px): mean |device − server| ${shortFigures.deviceVsServer.toFixed(2)} levels; change from the photo ${shortFigures.dreamChange.toFixed(1)}`);
  expect(shortFigures.deviceVsServer).toBeLessThan(2);
  expect(shortFigures.dreamChange).toBeGreaterThan(4);

  // Offline after a reload: the editor comes back with its photo and steps, and with the server chosen it dreams on the device.
  await context.setOffline(true);
  const offlineRequests = engineRequests.length;
  await page.reload();
  await page.locator('main[data-ready="true"]').waitFor();
  expect(await page.evaluate(() => crossOriginIsolated && !navigator.onLine)).toBe(true);
  // The short dream was run before the reload, so it runs again by itself, here, offline.
  src = await waitForResult(page);
  await page.getByRole("button", { name: "Edit step 1: DeepDream" }).click();
  src = await page.getByRole("img", { name: "Result", exact: true }).getAttribute("src");
  await page.getByRole("group", { name: "Where heavy steps run" }).getByRole("radio", { name: "On the server when it can be reached" }).check();
  // The defaults (3 octaves × 10 steps), at 256 px. Cancelled once under way, then run again.
  await setParams(page, { octaves: 3, steps: 10 });
  // Offline it runs here, and its estimate now rests on the dream this device ran.
  await expect(estimate).toContainText(/Estimated time on this device: about .* \(from this device's own runs/);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const progress = page.getByRole("progressbar", { name: "On-device progress" });
  await expect.poll(async () => Number(await progress.getAttribute("value")), { timeout: 60_000 }).toBeGreaterThan(0);
  // Time left, as a server job says it: not a bare percentage.
  await expect(page.getByRole("status", { name: "Time left" })).toHaveText(/^About \d+ (s|min \d+ s) left$/);
  src = await page.getByRole("img", { name: "Result", exact: true }).getAttribute("src");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Cancelled." })).toBeVisible();
  await expect(progress).toHaveCount(0);
  // The result shown is the undreamed one: it is not offered for download as if it were the dream.
  await expect(page.getByRole("button", { name: "Download" })).toBeDisabled();
  await page.waitForTimeout(1000);
  expect(await page.getByRole("img", { name: "Result", exact: true }).getAttribute("src")).toBe(src);
  await page.getByRole("button", { name: "Run again" }).click();
  src = await waitForResult(page, src);
  await expect(page.getByText(/Offline: ran DeepDream on this device/)).toBeVisible();
  expect(engineRequests.length).toBeGreaterThan(offlineRequests); // asked for again, answered by the service worker
  const dreamed = await decode(await resultBytes(page));
  expect([dreamed.width, dreamed.height]).toEqual([256, 170]);

  // A dream, not a filter: fine detail rises, and no colour mapping explains the change...
  const detail = fineDetail(dreamed) / fineDetail(original);
  const residual = colourFilterResidual(original, dreamed);
  // ...while for real colour filters of the same photo the same measure stays low.
  const filtered = await decode(await sharp(readFileSync(join(fixtures, "chelsea.png"))).resize(256, 170, { fit: "fill" }).modulate({ saturation: 0.4, hue: 40 }).linear(1.3, -25).png().toBuffer());
  console.log(`offline default dream: fine detail ×${detail.toFixed(2)}, colour-filter residual ${residual.toFixed(1)} levels (a real colour filter: ${colourFilterResidual(original, filtered).toFixed(1)})`);
  expect(detail).toBeGreaterThan(1.3);
  expect(residual).toBeGreaterThan(8);
  expect(colourFilterResidual(original, filtered)).toBeLessThan(4);
  await context.setOffline(false);
});
