import { spawnSync } from "node:child_process";
import { createSerwistRoute } from "@serwist/turbopack";

// The commit names the build, so a new deploy replaces the precached shell.
const revision = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf-8" }).stdout?.trim() || crypto.randomUUID();

export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "web/sw/sw.ts",
  useNativeEsbuild: true,
  // The pages themselves: the editor, and the gallery, log-in and register shells, offline too.
  additionalPrecacheEntries: ["/", "/gallery", "/login", "/register"].map((url) => ({ url, revision })),
  // The wasm-vips binaries are several MB each; the editor is useless offline without them.
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  // The on-device dream engine (~20 MB) is fetched only when first asked for; the service
  // worker keeps it then (runtime cache "dream-engine"). The first entry is Serwist's default.
  globIgnores: ["**/node_modules/**/*", "public/models/**", "public/vendor/ort-*/**"],
});
