// The chart's configuration has one source, edge-api/env.ts: every key the ConfigMap writes is
// a variable env.ts reads, and its value, as rendered, passes env.ts's schema; every setting in
// the values schema's `config` section reaches the ConfigMap. Rendered by a real helm.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ENV_VARIABLES, loadEnv } from "../edge-api/env";
import { findHelm } from "./helm";

const chart = join(import.meta.dirname, "image-editor");
let helm = "";
beforeAll(() => {
  helm = findHelm();
});

function configMap(...args: string[]): Record<string, string> {
  const out = execFileSync(helm, ["template", "rel", chart, "--namespace", "editor", ...args], { encoding: "utf8", maxBuffer: 32 << 20 });
  const map = parseAllDocuments(out)
    .map((d) => d.toJS() as { kind?: string; metadata?: { name: string }; data?: Record<string, string> } | null)
    .find((m) => m?.kind === "ConfigMap" && m.metadata?.name === "rel-image-editor-config");
  if (!map?.data) throw new Error("no ConfigMap rendered");
  return map.data;
}

it.each([
  ["the defaults", []],
  ["values-production.yaml", ["-f", join(chart, "values-production.yaml")]],
  ["an S3 blob store", ["--set", "config.blobStore=s3://bucket/prefix", "--set", "config.s3Endpoint=http://rgw:7480"]],
  ["workers scaled on the queue", ["--set", "worker.autoscaling.metric=queue"]],
])("with %s, every ConfigMap key is a variable env.ts reads, with a value it accepts", (_, args) => {
  const data = configMap(...args);
  const unknown = Object.keys(data).filter((key) => !ENV_VARIABLES.includes(key));
  expect(unknown).toEqual([]);
  // As the pods see it: the ConfigMap, and the database and Redis the chart points them at.
  expect(() => loadEnv({ ...data, DATABASE_URL: "postgres://app@db:5432/app", REDIS_URL: "redis://redis:6379" })).not.toThrow();
});

it("every setting in the values schema's config section reaches the ConfigMap", () => {
  const schema = JSON.parse(readFileSync(join(chart, "values.schema.json"), "utf8")) as { properties: { config: { properties: Record<string, unknown> } } };
  const template = readFileSync(join(chart, "templates", "configmap.yaml"), "utf8");
  const unused = Object.keys(schema.properties.config.properties).filter((name) => !new RegExp(`\\.Values\\.config\\.${name}\\b`).test(template));
  expect(unused).toEqual([]);
});
