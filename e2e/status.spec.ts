import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { fixtures } from "./helpers";

test("the status page shows who served each request, the replicas' heartbeats, and the queue as charts", async ({ page, request }) => {
  // An operator's page: the footer links to it, the account menu does not.
  await page.goto("/login");
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: /Status/ })).toHaveCount(0);
  await page.getByRole("contentinfo").getByRole("link", { name: "Service status" }).click();
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByRole("heading", { name: "Cluster status" })).toBeVisible();
  // npm start is one process: one replica, the embedded one, beating every 2 s.
  const row = page.getByRole("table", { name: "Replicas" }).getByRole("row").filter({ hasText: "embedded" });
  await expect(row.getByRole("cell").nth(2)).toHaveText("up");
  // Its dot says so: green, not the replica's own colour (which was red for some names).
  expect(await row.locator(".state-dot").evaluate((dot) => getComputedStyle(dot).backgroundColor)).toBe("rgb(21, 128, 61)");
  const replica = (await row.getByRole("rowheader").textContent())!.trim();
  // Its name (the hostname, a pod's name in the cluster): no pid, no address.
  expect(replica).toMatch(/^[\w.-]+$/);
  const requests = page.getByRole("list", { name: "Who served each request" }).getByRole("listitem");
  await expect(requests.first()).toContainText(`GET /api/status → 200served by ${replica}`);
  await expect.poll(() => requests.count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole("img", { name: /^Queue depth over the last \d+ s: now \d+/ })).toBeVisible();
  // Each chart has its axes: the scale's maximum with its unit, 0, and the last minute. Nothing
  // queued: a flat line on 0 that says so.
  const depth = page.getByRole("figure").filter({ hasText: "Queue depth" });
  await expect(depth.locator("svg text")).toHaveText(["1 job", "0", "−60 s", "−30 s", "now", "idle"]);
  await expect(depth.locator("figcaption")).toHaveText("Queue depth: 0 jobs waiting · idle");
  await expect(page.getByRole("img", { name: /^Queue depth over the last \d+ s: now 0, peak 0 \(idle\); scale 0 to 1 job$/ })).toBeVisible();
  const ys = (await depth.locator("polyline").getAttribute("points"))!.split(" ").map((point) => Number(point.split(",")[1]));
  const zero = Number(await depth.locator("line").last().getAttribute("y1"));
  expect(new Set(ys)).toEqual(new Set([zero]));

  // A finished job shows up in the jobs-per-second chart.
  const res = await request.post("/api/conversions", {
    multipart: { image: { name: "coffee.png", mimeType: "image/png", buffer: readFileSync(join(fixtures, "coffee.png")) }, converter: "invert" },
  });
  expect(res.status()).toBe(202);
  await expect(page.getByRole("img", { name: /^Jobs per second over the last \d+ s: now [\d.]+, peak (0\.\d*[1-9]|[1-9])/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("figure").filter({ hasText: "Jobs per second" }).locator("svg text")).toHaveText([/^(1 job|[25] jobs)\/s$/, "0", "−60 s", "−30 s", "now"]);
});
