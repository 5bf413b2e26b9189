// Lighthouse on the editor, mobile profile (its default: a Moto G-class phone on slow 4G),
// in Debian's Chromium. Lighthouse 11.7 is the last with the PWA category (installability);
// it runs through npx, pinned, so its ~100 MB stay out of the app's dependency tree.
//   npm run bench:lighthouse [-- --url http://host:port/]   (default: starts the app on :3200)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg("runs", 3));
let url = arg("url");
let server;
if (!url) {
  const port = 3200;
  url = `http://localhost:${port}/`;
  server = spawn(process.execPath, [join(import.meta.dirname, "..", "scripts", "start.mjs")], {
    env: { ...process.env, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), "lighthouse-")) },
    stdio: "ignore",
    detached: true,
  });
  for (let i = 0; ; i++) {
    if (await fetch(new URL("/healthz", url)).then((r) => r.ok).catch(() => false)) break;
    if (i > 300) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";
const out = mkdtempSync(join(tmpdir(), "lighthouse-report-"));
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const report = join(out, `run-${i}.json`);
    execFileSync("npx", ["--yes", "lighthouse@11.7.1", url, "--only-categories=performance,pwa", "--output=json", `--output-path=${report}`, `--chrome-flags=${flags}`, "--quiet"], {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const r = JSON.parse(readFileSync(report, "utf8"));
    const ms = (id) => Math.round(r.audits[id].numericValue);
    results.push({
      performance: Math.round(r.categories.performance.score * 100),
      installable: r.audits["installable-manifest"].score === 1,
      pwa: Math.round(r.categories.pwa.score * 100),
      fcpMs: ms("first-contentful-paint"),
      lcpMs: ms("largest-contentful-paint"),
      tbtMs: ms("total-blocking-time"),
      cls: +r.audits["cumulative-layout-shift"].numericValue.toFixed(3),
      speedIndexMs: ms("speed-index"),
    });
  }
} finally {
  if (server) process.kill(-server.pid);
}
console.table(results);
const median = (k) => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(JSON.stringify({ url, runs, medianPerformance: median("performance"), installable: results.every((r) => r.installable), reports: out }));
