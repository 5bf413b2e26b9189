import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { fixtures, signUpWithOneItem, waitForResult } from "./helpers";

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

/** axe-core's serious and critical violations on the page as it stands, as `rule: selector` lines. */
async function blocking(page: Page): Promise<{ lines: string[]; violations: Violation[] }> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const lines = serious.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}`));
  return { lines, violations: serious };
}

/** Fails with every serious or critical violation listed, with its help text and selectors. */
async function expectNoBlockingViolations(page: Page, what: string) {
  const { lines, violations } = await blocking(page);
  const detail = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary?.replaceAll("\n", " ")}`).join("\n  ")}`);
  expect(lines, `${what}:\n${detail.join("\n")}`).toEqual([]);
}

const ready = (page: Page) => page.waitForResponse((r) => r.url().endsWith("/api/auth/session"));

test.describe("no serious or critical axe-core violations", () => {
  test("login, register, status, the 404 page and the API docs", async ({ page }) => {
    for (const path of ["/login", "/register"]) {
      await Promise.all([ready(page), page.goto(path)]);
      await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Log in" })).toBeVisible();
      await expectNoBlockingViolations(page, path);
    }
    // A failed attempt shows its alert: scanned too.
    await page.goto("/login");
    await page.getByLabel("Email").fill("nobody@example.org");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await expectNoBlockingViolations(page, "/login with an error");

    await page.goto("/status");
    await expect(page.getByRole("table", { name: "Replicas" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Who served each request" }).getByRole("listitem").first()).toBeVisible();
    await expectNoBlockingViolations(page, "/status");

    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectNoBlockingViolations(page, "404");

    await page.goto("/api/docs");
    await expectNoBlockingViolations(page, "/api/docs");
  });

  test("the gallery, signed in, with an item, and the item open; the account page", async ({ page }, info) => {
    await signUpWithOneItem(page, `a11y-${info.project.name}-${Date.now()}@example.org`);

    await page.goto("/gallery");
    const grid = page.getByRole("list", { name: "Saved conversions" });
    await expect(grid.getByRole("listitem")).toHaveCount(1);
    await expect.poll(() => grid.locator("img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([320]);
    await expectNoBlockingViolations(page, "/gallery");

    await grid.getByRole("button", { name: /^Open coffee\.png, Invert, / }).click();
    await expect(page.getByRole("dialog", { name: /^coffee\.png, Invert, / })).toBeVisible();
    await expectNoBlockingViolations(page, "/gallery, an item open");

    await page.goto("/account");
    await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeVisible();
    await expectNoBlockingViolations(page, "/account");
  });

  test("the editor with a photo loaded", async ({ page }) => {
    await page.goto("/");
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
    await waitForResult(page);
    await expectNoBlockingViolations(page, "/ with a photo");

    // The export settings in use: a target size, and a second encoding with its own settings.
    const output = page.getByRole("group", { name: "Output", exact: true });
    await output.getByLabel("Format").selectOption("jpeg");
    await output.getByLabel("Target size").fill("50");
    await page.getByLabel("Right side").selectOption("Another encoding");
    await expect(page.getByRole("img", { name: "Other encoding" })).toBeVisible();
    await expect(output.getByText(/chosen to fit 50 KB/)).toBeVisible();
    await expectNoBlockingViolations(page, "/ with export settings and two encodings");
  });
});

test("registration shows its progress: the button says so, the form is busy, a status line tells each step", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Email").fill(`progress-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`);
  await page.getByLabel("Password").fill("correct horse battery");
  // Holds the server's answers back a moment, so that each step can be seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/auth/register", async (route) => (await held, route.continue()));
  await page.getByRole("button", { name: "Create account" }).click();
  const button = page.getByRole("button", { name: "Creating account…" });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute("aria-busy", "true");
  await expect(page.locator("form")).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status")).toHaveText("Creating your account…");
  release();
  await expect(page.getByRole("navigation", { name: "Account" }).getByLabel("Signed in as")).toBeVisible();
});

test("an anonymous visit logs no error in the console", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(`${page.url()}: ${m.text()}`));
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  for (const path of ["/", "/gallery", "/login", "/status"]) {
    const session = page.waitForResponse((r) => r.url().endsWith("/api/auth/session"));
    await page.goto(path);
    expect((await session).status()).toBe(200);
    await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Log in" })).toBeVisible();
    if (path === "/") await page.locator('main[data-ready="true"]').waitFor();
  }
  expect(errors).toEqual([]);
});
