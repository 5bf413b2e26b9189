// Bundles the workers with esbuild; with --server, only the Node side (.build/), as vitest's
// global setup (vitest.global-setup.ts) does before every run. The browser worker, against its
// own tsconfig (web/worker), into public/workers/. Turbopack's worker chunks read their bootstrap
// config from the worker URL's query, which a precached (service-worker) response does not carry,
// so offline the worker would not start; a plain file at a stable URL is precached like any other asset.
import { build } from "esbuild";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
if (!process.argv.includes("--server")) await build({
  entryPoints: { "vips.worker": join(root, "web/worker/vips.worker.ts") },
  outdir: join(root, "public/workers"),
  bundle: true,
  // The on-device heavy converters (device-pipeline) are a chunk of their own, loaded on first use.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  tsconfig: join(root, "web/worker/tsconfig.json"),
  // wasm-vips comes from /vendor at run time; only its types are imported at build time.
  external: ["wasm-vips"],
  logLevel: "warning",
});

// The server side, as .build/*.mjs for Node.
const server = { outdir: join(root, ".build"), outExtension: { ".js": ".mjs" }, bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "warning" };
// The conversion thread for piscina (worker threads load plain JavaScript, whatever ran the
// parent) and the api/worker role entry (edge-api/main.ts), on the installed packages.
await build({
  ...server,
  entryPoints: {
    "convert-thread": join(root, "edge-api/worker/convert-thread.ts"),
    main: join(root, "edge-api/main.ts"),
  },
  packages: "external",
});
// The web role's entry in the image (Next's standalone server.js under the shared shutdown): self-
// contained, since the standalone node_modules holds only what Next's own server loads.
await build({ ...server, entryPoints: { web: join(root, "edge-api/web-server.ts") } });
