// First-load JS of a route, from the production build: every script the page's HTML loads
// (Next 16 no longer prints this table), gzipped at level 9 as a CDN would serve it. `noModule`
// polyfills are left out: browsers with ES modules (all that run this app) never fetch them.
// Pages render per request (the CSP's nonce), so the HTML comes from the built app, started here.
//   node scripts/first-load-js.mjs [route…]   (after `next build`; default: the editor, "/")
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const app = join(import.meta.dirname, "..");
const root = join(app, ".next");
const routes = process.argv.slice(2).length ? process.argv.slice(2) : ["/"];
const port = 3900 + (process.pid % 90);
const server = spawn(process.execPath, [join(app, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
  cwd: app,
  env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), "size-")), NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "ignore",
});
const page = async (route) => {
  for (let i = 0; i < 150; i++) {
    const res = await fetch(`http://127.0.0.1:${port}${route}`).catch(() => undefined);
    if (res?.ok) return res.text();
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${route} did not answer: run the build first.`);
};
const rows = [];
for (const route of routes) {
  const html = await page(route);
  const tags = [...html.matchAll(/<script[^>]+src="\/_next\/([^"?]+)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0]));
  const scripts = [...new Set(tags.map((m) => m[1]))];
  let raw = 0;
  let gzip = 0;
  for (const file of scripts) {
    const bytes = readFileSync(join(root, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  // The inline flight data and bootstrap scripts count too: they are JS the page runs first.
  const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");
  rows.push({ route, scripts: scripts.length, rawKB: +(raw / 1024).toFixed(1), gzipKB: +(gzip / 1024).toFixed(1), inlineGzipKB: +(gzipSync(inline, { level: 9 }).length / 1024).toFixed(1) });
}
server.kill();
console.table(rows);
console.log(JSON.stringify(rows));
