// Issue 29: the Account page (change password, sign out everywhere, delete the account), and
// common passwords refused with words the form shows.
import { expect, test } from "@playwright/test";

test("a common password is refused at registration; the Account page changes the password, signs out everywhere, says when it is throttled, and deletes the account", async ({ page, playwright }, info) => {
  test.setTimeout(180_000);
  const email = `account-${info.project.name}-${Date.now()}@example.org`;
  const first = "correct horse battery staple";
  const second = "a different horse entirely";
  const nav = page.getByRole("navigation", { name: "Account" });
  const main = page.getByRole("main");

  await page.goto("/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("password123");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(main.getByRole("alert")).toContainText("one of the most common");
  await page.getByLabel("Password").fill(first);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(nav.getByLabel("Signed in as")).toHaveText(email);
  // Registering goes on to the editor: the Account link is followed from there.
  await page.locator('main[data-ready="true"]').waitFor();

  await nav.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { name: "Account", level: 2 })).toBeVisible();
  const change = page.getByRole("region", { name: "Change password" });
  await change.getByLabel("Current password").fill("not my password");
  await change.getByLabel("New password").fill(second);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change.getByRole("alert")).toHaveText("The current password is wrong.");
  await change.getByLabel("Current password").fill(first);
  await change.getByLabel("New password").fill("qwertyuiop");
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change.getByRole("alert")).toContainText("one of the most common");
  await change.getByLabel("New password").fill(second);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change.getByRole("status")).toContainText("Your password is changed");

  // Another device's session, made with the new password: signing out everywhere ends it too.
  const elsewhere = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  expect((await elsewhere.post("/api/auth/login", { data: { email, password: second } })).status()).toBe(200);
  expect((await elsewhere.get("/api/auth/me")).status()).toBe(200);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(main.getByRole("status").first()).toContainText("You are signed out everywhere");
  await expect(nav.getByRole("link", { name: "Log in" })).toBeVisible();
  expect((await elsewhere.get("/api/auth/me")).status()).toBe(401);
  expect((await page.request.get("/api/auth/me")).status()).toBe(401);
  await elsewhere.dispose();

  // Signed in again: ten wrong current passwords (a stolen session guessing) and the form says to wait.
  await nav.getByRole("link", { name: "Log in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(second);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(nav.getByLabel("Signed in as")).toHaveText(email);
  for (let i = 0; i < 10; i++) {
    const wrong = await page.request.post("/api/auth/password", { data: { currentPassword: `wrong ${i} password`, newPassword: "yet another good one" } });
    expect(wrong.status()).toBe(401);
  }
  await nav.getByRole("link", { name: "Account" }).click();
  await change.getByLabel("Current password").fill(second);
  await change.getByLabel("New password").fill("yet another good one");
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(change.getByRole("alert")).toContainText(/Too many wrong passwords.*wait 15 minutes/);

  // Deleting takes a second, explicit step; "Keep my account" keeps it.
  const remove = page.getByRole("region", { name: "Delete account" });
  await remove.getByRole("button", { name: "Delete account" }).click();
  await remove.getByRole("button", { name: "Keep my account" }).click();
  expect((await page.request.get("/api/auth/me")).status()).toBe(200);
  await remove.getByRole("button", { name: "Delete account" }).click();
  await remove.getByRole("button", { name: "Yes, delete my account" }).click();
  await expect(main.getByRole("status").first()).toContainText("Your account is deleted");
  await expect(nav.getByRole("link", { name: "Log in" })).toBeVisible();
  expect((await page.request.post("/api/auth/login", { data: { email, password: second } })).status()).toBe(401);
});
