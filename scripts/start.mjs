// `npm start`: builds the app when there is no build or the sources changed since the last
// one, then serves it. One command for a fresh clone, cheap on every later start.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const buildId = join(root, ".next", "BUILD_ID");
const sources = ["app", "pages", "web", "converters", "edge-api", "public/icons", "public/screenshots", "next.config.ts", "package-lock.json", "scripts"];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((n) => !n.includes(".generated.")).map((n) => newest(join(path, n))));
}

const run = (cmd, args) => {
  const { status } = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });
  if (status !== 0) process.exit(status ?? 1);
};

const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (builtAt < Math.max(...sources.map((s) => newest(join(root, s))))) run("npm", ["run", "build"]);
run("npx", ["next", "start", "-p", process.env.PORT ?? "3000"]);
