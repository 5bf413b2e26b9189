import { afterAll, expect, test } from "vitest";
import { testRuntime } from "../testing";

const runtime = testRuntime({ MAX_UPLOAD_BYTES: "3000000", MAX_PIXELS: "20000000", MAX_JOB_SECONDS: "120" }, { worker: false });
afterAll(() => runtime.close());

test("GET /api/limits says what a conversion is checked against, as this server is configured", async () => {
  const res = await runtime.app.request("/api/limits");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ maxUploadBytes: 3_000_000, maxPixels: 20_000_000, maxOutputPixels: 40_000_000, maxJobSeconds: 120, maxJobBytes: 512 * 1024 * 1024 });
  const doc = (await (await runtime.app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
  expect(doc.paths["/api/limits"]).toBeDefined();
  expect(doc.components.schemas.Limits).toBeDefined();
});
