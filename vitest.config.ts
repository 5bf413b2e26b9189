import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["converters/**/*.test.ts", "edge-api/**/*.test.ts", "web/**/*.test.ts", "charts/**/*.test.ts", "cluster/**/*.test.ts"],
    // wasm-vips starts its own thread pool; one fork per core is all this machine has.
    pool: "forks",
    // Rebuilds the .build/*.mjs bundles that tests load (worker threads, spawned roles) from source.
    globalSetup: ["./vitest.global-setup.ts"],
    // A guard against a hang, not a speed check: tests wait for events. A first job in a fresh
    // runtime compiles wasm-vips and PGlite, which took over 30 s on a loaded 2-core machine.
    testTimeout: 90_000,
    // Tests register and log in hundreds of accounts: scrypt at its lowest accepted cost (2^14,
    // 16 MiB) rather than production's 2^17. Hashes carry their cost, so both verify the same way.
    env: { PASSWORD_SCRYPT_LOG2N: "14" },
  },
});
