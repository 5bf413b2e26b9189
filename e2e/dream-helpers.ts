// Shared by the on-device dream specs: the result's bytes, the same dream as a server job, params.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { apiClient, pollJob, submitJob } from "../contract/client";
import sharp from "sharp";
import type { Rgb } from "./dream-metrics";
import { fixtures } from "./helpers";

export const isEngine = (url: string) => /^\/(models\/|vendor\/ort-)/.test(new URL(url).pathname);

export async function decode(bytes: Buffer | Uint8Array): Promise<Rgb> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export async function resultBytes(page: Page): Promise<Buffer> {
  const bytes = await page.getByRole("img", { name: "Result", exact: true }).evaluate(async (img: HTMLImageElement) => Array.from(new Uint8Array(await (await fetch(img.src)).arrayBuffer())));
  return Buffer.from(bytes);
}

/** The same conversion as a server job, through the contract's client (submit, then poll as Retry-After says). */
export async function onServer(page: Page, params: Record<string, unknown>): Promise<Buffer> {
  const api = apiClient({ baseUrl: new URL(page.url()).origin });
  const image = new Blob([readFileSync(join(fixtures, "chelsea.png"))], { type: "image/png" });
  const submitted = await submitJob(api, { image, fileName: "chelsea.png", steps: [{ converter: "deepdream", params }], format: "png" });
  expect("job" in submitted && submitted.job.status).toBe("queued");
  if (!("job" in submitted)) throw submitted.refused;
  const done = await pollJob(api, submitted.job.id, { maxIntervalMs: 250 });
  return Buffer.from(await done.blob.arrayBuffer());
}

export async function setParams(page: Page, params: Record<string, number>) {
  const labels: Record<string, string> = { maxSize: "Longest side (px)", octaves: "Octaves", steps: "Steps per octave", stepSize: "Step size" };
  for (const [key, value] of Object.entries(params)) await page.getByLabel(`${labels[key]} value`).fill(String(value));
}
