// The import lint (.dependency-cruiser.cjs) fails on a planted violation of each of its rules:
// small files written into the tree for the run, linted alone, and removed after.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";

const root = join(import.meta.dirname, "..");
const plants: Record<string, { file: string; source: string }[]> = {
  "converters-not-to-web-or-edge-api": [{ file: "converters/zz-planted-shared.ts", source: 'export { formatBytes } from "../edge-api/bytes";\n' }],
  "web-not-to-edge-api": [{ file: "web/zz-planted-page.ts", source: 'export { formatBytes } from "../edge-api/bytes";\n' }],
  "edge-api-not-to-web": [{ file: "edge-api/zz-planted-server.ts", source: 'export * from "../web/editor/bytes";\n' }],
  "contract-not-to-either-side": [{ file: "contract/zz-planted-contract.ts", source: 'export { formatBytes } from "../edge-api/bytes";\n' }],
  "web-uses-the-client": [{ file: "web/zz-planted-schemas.ts", source: 'export { Problem } from "../contract/schemas";\n' }],
  "e2e-not-to-edge-api": [{ file: "e2e/zz-planted-spec.ts", source: 'export { formatBytes } from "../edge-api/bytes";\n' }],
  "engine-not-to-converter": [{ file: "converters/engine/zz-planted-engine.ts", source: 'export { targetSize } from "../resize/run";\n' }],
  "testing-only-in-tests": [{ file: "web/zz-planted-testing.ts", source: 'export { cameraExif } from "../converters/testing/exif";\n' }],
  "no-cycles": [
    { file: "converters/zz-planted-cycle-a.ts", source: 'import { b } from "./zz-planted-cycle-b";\nexport const a = () => b;\n' },
    { file: "converters/zz-planted-cycle-b.ts", source: 'import { a } from "./zz-planted-cycle-a";\nexport const b = () => a;\n' },
  ],
};
const files = Object.values(plants).flatMap((p) => p.map((f) => f.file));
afterAll(() => {
  for (const file of files) rmSync(join(root, file), { force: true });
});

test("the import lint fails on a planted violation of each rule, and names it", () => {
  const config = createRequire(import.meta.url)("../.dependency-cruiser.cjs") as { forbidden: { name: string }[] };
  expect(Object.keys(plants).sort()).toEqual(config.forbidden.map((r) => r.name).sort());
  for (const { file, source } of Object.values(plants).flat()) writeFileSync(join(root, file), source);
  const output = execFileSync(join(root, "node_modules", ".bin", "depcruise"), [...files, "--config", ".dependency-cruiser.cjs", "--output-type", "json"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const { summary } = JSON.parse(output) as { summary: { error: number; violations: { from: string; rule: { name: string } }[] } };
  // `npm run lint:imports` fails on any error (its default output exits with their count).
  expect(summary.error).toBeGreaterThanOrEqual(Object.keys(plants).length);
  for (const [rule, planted] of Object.entries(plants)) {
    const caught = summary.violations.filter((v) => v.rule.name === rule).map((v) => v.from);
    expect(caught, rule).toEqual(expect.arrayContaining([planted[0]!.file]));
  }
});
