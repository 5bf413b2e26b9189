import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, expect, test } from "vitest";
import { API_VERSION } from "./app";
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

test("the README names the API version the server says, wherever it names one", async () => {
  const doc = (await (await runtime.app.request("/api/openapi.json")).json()) as { info: { version: string } };
  expect(doc.info.version).toBe(API_VERSION);
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  // "API version 1.10.0" states the current one; "API 1.5.0 on" says since when something holds.
  const current = [...readme.matchAll(/\b(?:OpenAPI|API) version (\d+\.\d+\.\d+)|\bOpenAPI (\d+\.\d+\.\d+)(?! on)/g)].map((m) => m[1] ?? m[2]);
  expect(current.length).toBeGreaterThan(0);
  expect(new Set(current)).toEqual(new Set([API_VERSION]));
});

test("every route is declared once with app.openapi: no route is documented apart from its handler", () => {
  const routes = join(import.meta.dirname, "routes");
  const sources = readdirSync(routes).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  for (const file of sources) expect(readFileSync(join(routes, file), "utf8"), file).not.toMatch(/registerPath|\bapp\.(get|post|put|patch|delete)\(/);
});

test("the document says what the validator checks: the credentials' email is an email of at most 254 characters", async () => {
  const doc = (await (await runtime.app.request("/api/openapi.json")).json()) as { components: { schemas: Record<string, { properties: Record<string, { format?: string; maxLength?: number }> }> } };
  expect(doc.components.schemas.Credentials!.properties.email).toMatchObject({ format: "email", maxLength: 254 });
  const refused = await runtime.app.request("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "not-an-email", password: "x" }) });
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({ title: "Invalid request", detail: "Send JSON with an email address and a password." });
  const malformed = await runtime.app.request("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
  expect(malformed.status).toBe(400);
  expect(malformed.headers.get("content-type")).toBe("application/problem+json");
});
