// A focused panel: adding a step (or picking one in the list) brings its settings into view and
// puts the keyboard on its first control, on the desktop's side panel and the phone's sheet alike.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { fixtures, waitForResult } from "./helpers";

const converters = JSON.parse(readFileSync(join(import.meta.dirname, "..", "converters", "descriptions.generated.json"), "utf8")) as Array<{ id: string; name: string; runsOn: string; params: { properties?: object } }>;
const hasSettings = (c: (typeof converters)[number]) => Object.keys(c.params.properties ?? {}).length > 0;

/** Where a control sits against the page's viewport, in CSS px: negative `above` is out of sight upwards. */
async function placement(page: Page, control: Locator) {
  const box = await control.boundingBox();
  const { width, height } = page.viewportSize()!;
  if (!box) return { inside: false, above: NaN, below: NaN };
  return {
    inside: box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5,
    above: Math.round(box.y),
    below: Math.round(box.y + box.height - height),
  };
}

/** The control a person would use first: the settings' first field, or for a step with none, the step itself. */
function firstControl(page: Page, converter: (typeof converters)[number], index: number): Locator {
  if (!hasSettings(converter)) return page.getByRole("button", { name: `Edit step ${index}: ${converter.name}` });
  return page.getByRole("group", { name: `${converter.name} settings`, exact: true }).locator("input, select, button").first();
}

async function expectInView(page: Page, control: Locator, what: string) {
  // Inside the page's viewport and not clipped by the panel that scrolls it (what the eye sees).
  await expect(control, what).toBeInViewport({ ratio: 1 });
  const where = await placement(page, control);
  expect(where, `${what}: ${JSON.stringify(where)}`).toMatchObject({ inside: true });
  await expect(control, what).toBeFocused();
}

test("every converter added in turn shows its first control in view, focused", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  const steps = page.getByRole("list", { name: "Steps" }).getByRole("listitem");
  for (const converter of converters) {
    // The panel as a person leaves it after the last add: scrolled down at "Add a step".
    const add = page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: converter.name, exact: true });
    await add.scrollIntoViewIfNeeded();
    await add.click();
    await expect(steps).toHaveCount(1);
    await expectInView(page, firstControl(page, converter, 1), converter.name);
    await steps.first().getByRole("button", { name: "Remove", exact: true }).click();
    await expect(steps).toHaveCount(0);
  }
});

test("picking a step in the list brings its settings into view and focuses them", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Choose image").setInputFiles(join(fixtures, "coffee.png"));
  await waitForResult(page);
  const byId = new Map(converters.map((c) => [c.id, c]));
  const chain = ["brightness", "grayscale", "contrast", "sepia", "gaussian-blur", "invert", "saturation"].map((id) => byId.get(id)!);
  for (const c of chain) await page.getByRole("navigation", { name: "Converters" }).getByRole("button", { name: c.name, exact: true }).click();
  await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem")).toHaveCount(chain.length);
  // The first step's settings, picked after the last step's were shown.
  const first = page.getByRole("button", { name: `Edit step 1: ${chain[0]!.name}` });
  await first.click();
  await expectInView(page, firstControl(page, chain[0]!, 1), `step 1, ${chain[0]!.name}`);
  // By keyboard too: Enter on a step moves the keyboard into its settings.
  const fifth = page.getByRole("button", { name: `Edit step 5: ${chain[4]!.name}` });
  await fifth.focus();
  await page.keyboard.press("Enter");
  await expectInView(page, firstControl(page, chain[4]!, 5), `step 5, ${chain[4]!.name}`);
});
