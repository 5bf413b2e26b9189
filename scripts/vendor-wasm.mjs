// wasm-vips is served as plain files rather than bundled: its pthreads re-import their own
// script by URL (new Worker(new URL("vips-es6.js", import.meta.url))), which only works when
// the module lives at a stable URL next to its .wasm files. The service worker precaches them.
// onnxruntime-web likewise (on-device DeepDream): fetched on first use only, so not precached;
// its folder is versioned so the service worker's cache-first copy never outlives an upgrade.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const lib = dirname(require.resolve("wasm-vips/vips.wasm"));
const out = join(import.meta.dirname, "..", "public", "vendor", "wasm-vips");
mkdirSync(out, { recursive: true });
for (const file of ["vips-es6.js", "vips.wasm", "vips-heif.wasm"]) copyFileSync(join(lib, file), join(out, file));

// Its exports map hides package.json; the entry point sits in dist/.
const ort = join(dirname(require.resolve("onnxruntime-web")), "..");
const { version } = JSON.parse(readFileSync(join(ort, "package.json"), "utf8"));
const ortOut = join(import.meta.dirname, "..", "public", "vendor", `ort-${version}`);
mkdirSync(ortOut, { recursive: true });
// The CPU build (WASM, threads, SIMD) and the WebGPU build, each a loader, a glue module and a binary.
for (const file of ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm", "ort.webgpu.min.mjs", "ort-wasm-simd-threaded.asyncify.mjs", "ort-wasm-simd-threaded.asyncify.wasm"]) {
  copyFileSync(join(ort, "dist", file), join(ortOut, file));
}
