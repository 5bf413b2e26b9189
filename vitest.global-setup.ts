// Tests run the current source, never a stale bundle: piscina's threads load plain JavaScript
// (.build/convert-thread.mjs, the default of edge-api/worker/convert.ts, which every runtime in
// the tests starts for thumbnails), and edge-api/cluster.test.ts spawns .build/main.mjs. Both are
// rebuilt from source with esbuild (well under a second) before any test file runs, and again
// before each rerun in watch mode.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

function buildServer() {
  execFileSync(process.execPath, [join(import.meta.dirname, "scripts", "build-worker.mjs"), "--server"], { stdio: "inherit" });
}

export default function setup(project: TestProject) {
  buildServer();
  project.onTestsRerun(() => buildServer());
}
