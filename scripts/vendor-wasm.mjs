// wasm-vips is served as plain files rather than bundled: its pthreads re-import their own
// script by URL (new Worker(new URL("vips-es6.js", import.meta.url))), which only works when
// the module lives at a stable URL next to its .wasm files. The service worker precaches them.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const lib = dirname(require.resolve("wasm-vips/vips.wasm"));
const out = join(import.meta.dirname, "..", "public", "vendor", "wasm-vips");
mkdirSync(out, { recursive: true });
for (const file of ["vips-es6.js", "vips.wasm", "vips-heif.wasm"]) copyFileSync(join(lib, file), join(out, file));
