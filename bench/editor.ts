// npm run bench:editor: how long a parameter change takes to show in the editor, in Chromium, on
// a 12 MP JPEG. Medians over the same changes of Brightness's amount:
//   previewMs  the change (an input event on the slider) to the new preview painted on screen;
//   fullMs     the same change to the full-size result shown (includes the editor's 300 ms pause);
//   nativeMs   the baseline, in the same page on the same photo: the browser's own path for one
//              change, createImageBitmap + a canvas brightness filter + convertToBlob (JPEG);
//   longTaskMs the longest main-thread task (PerformanceObserver "longtask") from choosing the
//              photo to its first Grayscale result: the work is the worker's, so this stays near 50.
// The last line is JSON.   -- --url http://host:port/  (default: starts the app on :3400)
//                          -- --changes 15
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { syntheticPhoto } from "./editor-photo";

const { values } = parseArgs({ options: { url: { type: "string" }, changes: { type: "string", default: "15" } } });
const changes = Number(values.changes);
const root = join(import.meta.dirname, "..");
let url = values.url;
let server: ReturnType<typeof spawn> | undefined;
if (!url) {
  url = "http://127.0.0.1:3400/";
  server = spawn(process.execPath, [join(root, "scripts", "start.mjs")], { env: { ...process.env, PORT: "3400", DATA_DIR: mkdtempSync(join(tmpdir(), "bench-editor-")) }, stdio: "ignore", detached: true });
  for (let i = 0; !(await fetch(new URL("/healthz", url)).then((r) => r.ok).catch(() => false)); i++) {
    if (i > 600) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// The 12 MP photo, made here: it used to be ../shared/fixtures/coffee.png enlarged, which exists
// only where this workplace lays a shared/ folder beside the clone, so a fresh clone failed with
// ENOENT before measuring anything. Its size and texture are what the figures depend on, not its
// subject (bench/editor-photo.ts).
const photo = join(mkdtempSync(join(tmpdir(), "bench-editor-photo-")), "photo-12mp.jpg");
writeFileSync(photo, await syntheticPhoto(4000, 3000));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // tsx keeps function names with a helper the page does not have.
  await page.addInitScript("globalThis.__name = (f) => f");
  await page.goto(url);
  await page.locator('main[data-ready="true"]').waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: "longtask" });
  });
  await page.getByLabel("Choose image").setInputFiles(photo);
  await page.getByRole("img", { name: "Result", exact: true }).waitFor({ timeout: 120_000 });
  const firstSrc = await page.getByRole("img", { name: "Result", exact: true }).getAttribute("src");
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Grayscale", exact: true }).click();
  await page.waitForFunction((before) => document.querySelector<HTMLImageElement>('img[alt="Result"]')?.src !== before && document.querySelector(".photo-stage")?.getAttribute("aria-busy") === "false", firstSrc, { timeout: 120_000 });
  // One more frame so the result's paint falls inside the observed window.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  // Back to no steps, so the preview figures below are for Brightness alone, as before.
  await page.getByRole("list", { name: "Steps" }).getByRole("listitem").first().getByRole("button", { name: "Remove" }).click();
  await page.locator('.photo-stage[aria-busy="false"]').waitFor({ timeout: 120_000 });
  await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: "Brightness", exact: true }).click();
  await page.locator('.photo-stage[aria-busy="false"]').waitFor({ timeout: 120_000 });

  const previewMs: number[] = [];
  const fullMs: number[] = [];
  const parts: Record<string, number>[] = [];
  for (let i = 0; i < changes; i++) {
    const amount = (1.1 + (i % 8) * 0.1).toFixed(2);
    // In the page: the slider's input event as React sees it, then the next preview's paint and
    // the full result, each timed to the frame that shows it.
    const times = await page.evaluate(async (value) => {
      const slider = document.querySelector<HTMLInputElement>("#param-amount")!;
      const canvas = () => document.querySelector<HTMLCanvasElement>("canvas.preview");
      const result = () => document.querySelector<HTMLImageElement>('img[alt="Result"]')!;
      const version = canvas()?.dataset.previewVersion;
      const src = result().src;
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
      const when = (test: () => boolean) =>
        new Promise<number>((resolve) => {
          const check = () => (test() ? void frame().then(resolve) : requestAnimationFrame(check));
          check();
        });
      performance.clearMarks();
      const start = performance.now();
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(slider, value);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      const preview = when(() => canvas()?.dataset.previewVersion !== version);
      const full = when(() => result().src !== src && document.querySelector(".photo-stage")?.getAttribute("aria-busy") === "false");
      const shown = await preview;
      // The first request after the change, and the arrival and paint that followed it.
      const mark = (name: string) => performance.getEntriesByName(name, "mark").find((m) => m.startTime >= start) as PerformanceMark | undefined;
      const request = mark("preview-request");
      const arrived = mark("preview-arrived");
      const painted = mark("preview-painted");
      const parts =
        request && arrived && painted
          ? { toRequest: request.startTime - start, worker: (arrived.detail as { workerMs?: number } | null)?.workerMs ?? NaN, roundTrip: arrived.startTime - request.startTime, toPaint: painted.startTime - arrived.startTime, toScreen: shown - painted.startTime }
          : undefined;
      return { preview: shown - start, full: (await full) - start, parts };
    }, amount);
    previewMs.push(times.preview);
    fullMs.push(times.full);
    if (times.parts) parts.push(times.parts);
  }

  // A change that lands while the full-size result renders (the user paused past the editor's
  // 300 ms, then moved again): its preview waits for the worker to be free, or not at all.
  const busyMs: number[] = [];
  for (let i = 0; i < Math.ceil(changes / 3); i++) {
    const ms = await page.evaluate(async (i) => {
      const slider = document.querySelector<HTMLInputElement>("#param-amount")!;
      const canvas = () => document.querySelector<HTMLCanvasElement>("canvas.preview");
      const stage = () => document.querySelector(".photo-stage")!;
      const set = (value: string) => {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(slider, value);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
      };
      const until = (test: () => boolean) => new Promise<number>((resolve) => {
        const check = () => (test() ? resolve(performance.now()) : requestAnimationFrame(check));
        check();
      });
      let version = canvas()?.dataset.previewVersion;
      set((1.15 + (i % 8) * 0.1).toFixed(2));
      await until(() => canvas()?.dataset.previewVersion !== version);
      await until(() => stage().getAttribute("aria-busy") === "true");
      version = canvas()?.dataset.previewVersion;
      const start = performance.now();
      set((0.6 + (i % 5) * 0.05).toFixed(2));
      const shown = await until(() => canvas()?.dataset.previewVersion !== version);
      await until(() => stage().getAttribute("aria-busy") === "false");
      return shown - start;
    }, i);
    busyMs.push(ms);
  }

  // The browser's own path for one change on the same file, in the same page.
  const nativeMs = await page.evaluate(async (bytes) => {
    const file = new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const bitmap = await createImageBitmap(file);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext("2d")!;
      ctx.filter = `brightness(${1.2 + i * 0.1})`;
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      await canvas.convertToBlob({ type: "image/jpeg", quality: 0.8 });
      runs.push(performance.now() - start);
    }
    return runs.sort((a, b) => a - b)[2]!;
  }, [...readFileSync(photo)]);

  // Medians of each part: the slider's event to the preview effect (React), the worker's own time,
  // the round trip around it (messages, queueing, transfer), the arrival to the canvas painted
  // (React's render, putImageData), and the paint to the frame that shows it.
  const breakdown = Object.fromEntries(["toRequest", "worker", "roundTrip", "toPaint", "toScreen"].map((k) => [k, Math.round(median(parts.map((p) => p[k]!)) * 10) / 10]));
  if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(previewMs.map(Math.round)), JSON.stringify(parts.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v)])))));
  console.log(`a change while the full size renders: preview on screen p50 ${Math.round(median(busyMs))} ms (${busyMs.map(Math.round).join(", ")})`);
  console.log(`where a preview's time goes (medians, ms, over ${parts.length} changes): ${JSON.stringify(breakdown)}`);
  const figures = { previewMs: Math.round(median(previewMs)), fullMs: Math.round(median(fullMs)), nativeMs: Math.round(nativeMs), longTaskMs: Math.round(Math.max(0, ...longTasks)), previewParts: breakdown, previewDuringRenderMs: Math.round(median(busyMs)) };
  console.log(`12 MP JPEG, Brightness amount changed ${changes} times at 1280×800: preview on screen p50 ${figures.previewMs} ms (min ${Math.round(Math.min(...previewMs))}, max ${Math.round(Math.max(...previewMs))}); full size ${figures.fullMs} ms (with the 300 ms pause); browser-native decode+filter+encode ${figures.nativeMs} ms; longest main-thread task while opening it and adding Grayscale ${figures.longTaskMs} ms (${longTasks.length} over 50 ms)`);
  console.log(JSON.stringify(figures));
} finally {
  await browser.close();
  if (server?.pid) process.kill(-server.pid);
}
