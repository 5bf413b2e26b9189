import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, expect, test } from "vitest";
import { testRuntime } from "./testing";

const runtime = testRuntime({}, { worker: false });
afterAll(() => runtime.close());

test("/api/openapi.json is a valid OpenAPI 3.1 document covering every route", async () => {
  const doc = (await (await runtime.app.request("/api/openapi.json")).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  const validator = new Validator();
  const result = await validator.validate(doc as never);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");

  // Every route the app serves, except the document and its rendering, is in the document.
  const served = runtime.app.routes
    .filter((r) => r.method !== "ALL" && !["/api/openapi.json", "/api/docs"].includes(r.path))
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
  expect(new Set(served)).toEqual(new Set(documented));
});
