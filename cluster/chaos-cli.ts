// npm run chaos [-- --seconds 120 --concurrency 20 --apis 2 --workers 2]: load and SIGKILLs, then a summary.
// npm run chaos -- --victim redis|postgres [--down 5]: the same load, while the cluster's own Redis
// or PostgreSQL is SIGKILLed a third of the way in and restarted --down seconds later.
// npm run chaos -- --slow-worker [--seconds 120 --kill-every 30]: the fairness drill (flood.ts):
// 2 workers, one client flooding DeepDream jobs, one sending single small ones, one a mix.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runChaos } from "./chaos";
import { runFlood } from "./flood";
import { startCluster } from "./local";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const image = readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "coffee.png"));
if (process.argv.includes("--slow-worker")) {
  // The limits as shipped, not the load generator's: fair share is what this drill measures.
  const cluster = await startCluster({ apis: arg("apis", 2), workers: 2, port: arg("port", 8080), env: { MAX_JOBS_PER_CLIENT: "4", RATE_LIMIT_PER_MINUTE: "120" } });
  try {
    const summary = await runFlood(cluster, { seconds: arg("seconds", 120), image, killEveryMs: arg("kill-every", 30) * 1000, log: console.log });
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await cluster.stop();
  }
  process.exit(0);
}
const named = process.argv.indexOf("--victim");
const victim = named > 0 ? process.argv[named + 1] : "replicas";
if (victim !== "replicas" && victim !== "redis" && victim !== "postgres") throw new Error("--victim is replicas, redis or postgres");
const ownStores = victim !== "replicas";
const cluster = await startCluster({ apis: arg("apis", 2), workers: arg("workers", 2), port: arg("port", 8080), ownStores });
try {
  const summary = await runChaos(cluster, { seconds: arg("seconds", 120), concurrency: arg("concurrency", 20), killEveryMs: 5000, image, log: console.log, victim, downMs: arg("down", 5) * 1000 });
  const bad = summary.unexpected;
  console.log(JSON.stringify({ ...summary, unexpected: { count: bad.length, share: +(bad.length / summary.requests).toFixed(4), allRetryable: bad.every((u) => [502, 503].includes(u.status) && u.retryAfter) } }, null, 2));
} finally {
  await cluster.stop();
}
