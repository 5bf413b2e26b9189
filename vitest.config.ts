import { defineConfig } from "vitest/config";

// Three tiers (Vitest projects), one place that says which test is which:
//   unit         no services, no network, no model weights: pure modules, the light converters on
//                wasm-vips, memory adapters, fake clocks. `npm run test:fast` runs it after every change.
//   integration  the real parts: PostgreSQL, Redis, Ceph RGW, PGlite, the HTTP app in-process,
//                the heavy converters on their weights, helm.
//   drills       chaos, outages, SIGKILL, deadlines, floods: whole processes failing on purpose.
// The rule is by folder, so every test file is in exactly one tier: web/ and test/ are unit; converters/ is
// unit but for the heavy ones; cluster/ is drills but for its pure modules; charts/ is integration; edge-api/ is
// integration but for the files named below.

/** Converters that run a network on real weights, or a whole calibration or parity sweep. */
const HEAVY_CONVERTERS = [
  "converters/{deepdream,upscale,remove-background,style-transfer,ml}/**/*.test.ts",
  "converters/engine/{heavy-metadata,plan-calibration,pipeline-parity,target-size}.test.ts",
];
/** edge-api tests that need nothing but the module: no database, no queue service, no app. */
const EDGE_UNIT = [
  "edge-api/{bytes,problem,env,upload-header}.test.ts",
  "edge-api/upload-header/**/*.test.ts",
  "edge-api/auth/password-policy.test.ts",
  "edge-api/blobs/file-store.test.ts",
  "edge-api/jobs/{admission,memory-queue}.test.ts",
  "edge-api/replicas/memory-registry.test.ts",
  "edge-api/routes/job-progress.test.ts",
  "edge-api/k8s-metrics/external.test.ts",
];
/** cluster/ modules that are pure: the local cluster's resource metrics adapter. */
const CLUSTER_UNIT = ["cluster/k8s/resource-metrics.test.ts"];
const DRILLS = [
  "cluster/**/*.test.ts",
  "edge-api/drills/**/*.test.ts",
  "edge-api/cluster.test.ts",
  "edge-api/jobs/{ttl,fair-share}.test.ts",
  "edge-api/routes/db-down.test.ts",
  "edge-api/worker/deadline.test.ts",
];

export default defineConfig({
  test: {
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
    projects: [
      { extends: true, test: { name: "unit", include: ["web/**/*.test.ts", "converters/**/*.test.ts", "test/**/*.test.ts", ...EDGE_UNIT, ...CLUSTER_UNIT], exclude: HEAVY_CONVERTERS } },
      { extends: true, test: { name: "integration", include: [...HEAVY_CONVERTERS, "edge-api/**/*.test.ts", "charts/**/*.test.ts"], exclude: [...EDGE_UNIT, ...DRILLS] } },
      { extends: true, test: { name: "drills", include: DRILLS, exclude: CLUSTER_UNIT } },
    ],
  },
});
