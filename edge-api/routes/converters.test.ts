import { afterAll, expect, test } from "vitest";
import { testRuntime } from "../testing";

const runtime = testRuntime({}, { worker: false });
afterAll(() => runtime.close());

test("GET /api/converters lists every converter with JSON Schema params and defaults", async () => {
  const res = await runtime.app.request("/api/converters");
  expect(res.status).toBe(200);
  const list = (await res.json()) as Array<Record<string, any>>;
  expect(list.length).toBeGreaterThanOrEqual(15);
  const ids = list.map((c) => c.id);
  for (const id of ["grayscale", "flip-horizontal", "flip-vertical", "rotate", "contrast", "brightness", "invert", "sepia", "gaussian-blur", "sharpen", "resize"]) {
    expect(ids).toContain(id);
  }
  const grayscale = list.find((c) => c.id === "grayscale")!;
  expect(grayscale).toMatchObject({ name: "Grayscale", runsOn: "client", params: { type: "object" }, defaults: {} });
  const rotate = list.find((c) => c.id === "rotate")!;
  expect(rotate.params.properties.angle).toMatchObject({ type: "number", minimum: -360, maximum: 360, default: 90 });
  expect(rotate.defaults).toEqual({ angle: 90 });
});
