import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["converters/**/*.test.ts", "edge-api/**/*.test.ts", "web/**/*.test.ts", "charts/**/*.test.ts", "cluster/**/*.test.ts"],
    // wasm-vips starts its own thread pool; one fork per core is all this machine has.
    pool: "forks",
    // Rebuilds the .build/*.mjs bundles that tests load (worker threads, spawned roles) from source.
    globalSetup: ["./vitest.global-setup.ts"],
    testTimeout: 30_000,
  },
});
