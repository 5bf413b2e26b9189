// First-load JS of a route, from the production build: every script the prerendered HTML loads
// (Next 16 no longer prints this table), gzipped at level 9 as a CDN would serve it. `noModule`
// polyfills are left out: browsers with ES modules (all that run this app) never fetch them.
//   node scripts/first-load-js.mjs [route…]   (after `next build`; default: the editor, "/")
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const root = join(import.meta.dirname, "..", ".next");
const routes = process.argv.slice(2).length ? process.argv.slice(2) : ["/"];
const rows = [];
for (const route of routes) {
  const name = route === "/" ? "index.html" : `${route.replace(/^\//, "")}.html`;
  // A Pages Router page (the editor) or an App Router one.
  const file = [join(root, "server", "pages", name), join(root, "server", "app", name)].find((f) => existsSync(f));
  if (!file) throw new Error(`No prerendered HTML for ${route}: run the build first.`);
  const html = readFileSync(file, "utf8");
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
console.table(rows);
console.log(JSON.stringify(rows));
