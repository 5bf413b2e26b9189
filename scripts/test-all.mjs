// `npm test`: every check, in the order a failure is cheapest to find, and each one's time at the
// end. Stops at the first failure (the times so far are still printed).
import { spawnSync } from "node:child_process";

const steps = [
  ["type checks", "npm", ["run", "typecheck"]],
  ["import lint", "npm", ["run", "lint:imports"]],
  ["vitest unit", "npx", ["vitest", "run", "--project", "unit"]],
  ["vitest integration", "npx", ["vitest", "run", "--project", "integration"]],
  ["vitest drills", "npx", ["vitest", "run", "--project", "drills"]],
  ["playwright e2e", "npx", ["playwright", "test"]],
];

const times = [];
let failed;
for (const [name, command, args] of steps) {
  const start = performance.now();
  const { status, signal } = spawnSync(command, args, { stdio: "inherit" });
  times.push([name, (performance.now() - start) / 1000]);
  if (status !== 0) {
    failed = `${name} failed (${signal ?? `exit ${status}`})`;
    break;
  }
}
console.log("\n[npm test] time per step:");
for (const [name, seconds] of times) console.log(`  ${name.padEnd(20)} ${seconds.toFixed(0).padStart(5)} s`);
console.log(`  ${"total".padEnd(20)} ${times.reduce((a, [, s]) => a + s, 0).toFixed(0).padStart(5)} s`);
if (failed) {
  console.error(`[npm test] ${failed}`);
  process.exit(1);
}
