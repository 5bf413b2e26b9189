// Lighthouse on the editor, mobile profile (its default: a Moto G-class phone on slow 4G),
// in Debian's Chromium. Lighthouse 11.7 is the last with the PWA category (installability);
// it runs through npx, pinned, so its ~100 MB stay out of the app's dependency tree.
//   npm run bench:lighthouse [-- --url http://host:port/]   (default: starts the app on :3200)
//   npm run bench:lighthouse -- --categories accessibility --paths /,/gallery,/login,/register,/status --runs 1
// --categories: Lighthouse's (default performance,pwa); --paths: pages of the app, each run --runs times.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const runs = Number(arg("runs", 3));
const categories = arg("categories", "performance,pwa").split(",");
const paths = arg("paths", "/").split(",");
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
const failing = {};
try {
  for (const path of paths)
    for (let i = 0; i < runs; i++) {
      const report = join(out, `${path.replace(/\W+/g, "_") || "_"}-run-${i}.json`);
      execFileSync("npx", ["--yes", "lighthouse@11.7.1", new URL(path, url).href, `--only-categories=${categories.join(",")}`, "--output=json", `--output-path=${report}`, `--chrome-flags=${flags}`, "--quiet"], {
        env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
        stdio: ["ignore", "ignore", "inherit"],
      });
      const r = JSON.parse(readFileSync(report, "utf8"));
      const ms = (id) => Math.round(r.audits[id].numericValue);
      const row = { path };
      for (const c of categories) row[c] = Math.round(r.categories[c].score * 100);
      if (categories.includes("pwa")) row.installable = r.audits["installable-manifest"].score === 1;
      if (categories.includes("performance")) {
        Object.assign(row, {
          fcpMs: ms("first-contentful-paint"),
          lcpMs: ms("largest-contentful-paint"),
          tbtMs: ms("total-blocking-time"),
          cls: +r.audits["cumulative-layout-shift"].numericValue.toFixed(3),
          speedIndexMs: ms("speed-index"),
        });
      }
      results.push(row);
      // What keeps a category below 100: its audits that failed, by id.
      for (const c of categories.filter((c) => c !== "performance")) {
        const ids = r.categories[c].auditRefs.filter((a) => a.weight > 0 && r.audits[a.id].score !== null && r.audits[a.id].score < 1).map((a) => a.id);
        if (ids.length) failing[`${path} ${c}`] = ids;
      }
    }
} finally {
  if (server) process.kill(-server.pid);
}
console.table(results);
const median = (k, rows = results) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
const perPage = Object.fromEntries(paths.map((p) => [p, Object.fromEntries(categories.map((c) => [c, median(c, results.filter((r) => r.path === p))]))]));
const summary = { url, runs, categories, medians: perPage, failingAudits: failing, reports: out };
if (categories.includes("performance") && paths.length === 1) summary.medianPerformance = median("performance");
if (categories.includes("pwa")) summary.installable = results.every((r) => r.installable);
console.log(JSON.stringify(summary));
