import { defineConfig, devices } from "@playwright/test";

// Service-worker requests show up in request events (the job poller lives there).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS ??= "1";

// QA points BASE_URL at a deployed instance; otherwise the suite builds and starts the app.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.BASE_URL ?? `http://127.0.0.1:${port}`;

// Debian's chromium: Playwright's own browser download cannot run here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 30_000 },
  // Two spec files at a time, each test in a file in order: the specs spend much of their time
  // waiting on the server, a worker or a model, so two browsers on two cores took the suite from
  // 25 to under 14 minutes here.
  fullyParallel: false,
  workers: 2,
  // One retry on CI, reported as "flaky" when it saves a run. (The offline test's stalls were
  // Serwist reloading the page when the network returned; that is switched off now.)
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  // Tracing a page whose service worker precaches ~9 MB of WASM stalls context teardown; opt in with E2E_TRACE=1.
  use: { baseURL, trace: process.env.E2E_TRACE ? "on" : "off", launchOptions },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions } },
    { name: "mobile", use: { ...devices["Pixel 7"], launchOptions } },
  ],
  webServer: process.env.BASE_URL
    ? undefined
    : {
        command: "node scripts/start.mjs",
        // scrypt at its lowest accepted cost: the specs register many accounts (see vitest.config.ts).
        env: { PORT: String(port), NEXT_TELEMETRY_DISABLED: "1", PASSWORD_SCRYPT_LOG2N: "14" },
        url: `${baseURL}/api/converters`,
        timeout: 300_000,
        reuseExistingServer: !process.env.CI,
        stdout: "pipe",
      },
});
