// The seed's chaos experiment, shortened: 2 api and 2 worker processes behind nginx, mixed load,
// a random replica SIGKILLed and restarted every 5 s.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runChaos } from "./chaos";
import { type Cluster, startCluster } from "./local";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ apis: 2, workers: 2, port: 18_000 + (process.pid % 1000) * 3 });
}, 60_000);
afterAll(() => cluster?.stop());

it("lists every replica on the status page, and spreads requests over both apis", async () => {
  let status: { replicas: { id: string; role: string }[] } = { replicas: [] };
  // Each process beats at start; give them one beat interval.
  for (let i = 0; i < 20 && status.replicas.length < 4; i++) {
    status = (await (await fetch(`${cluster.url}/api/status`)).json()) as typeof status;
    await new Promise((r) => setTimeout(r, 250));
  }
  const api = status.replicas.filter((r) => r.role === "api").map((r) => r.id);
  expect(api).toHaveLength(2);
  expect(status.replicas.filter((r) => r.role === "worker")).toHaveLength(2);
  const servedBy = new Set<string>();
  for (let i = 0; i < 8; i++) servedBy.add((await fetch(`${cluster.url}/api/status`)).headers.get("X-Served-By")!);
  expect([...servedBy].sort()).toEqual(api.sort());
});

it("loses no job, and answers every failure with 502/503 and Retry-After, under 1 %", async () => {
  const image = readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "coffee.png"));
  const summary = await runChaos(cluster, { seconds: 40, concurrency: 12, killEveryMs: 5000, image });
  console.log(JSON.stringify({ ...summary, unexpected: summary.unexpected.length }, null, 1));
  // The kill loop waits for each restart, so a slow machine kills fewer: what matters is what
  // happened to the jobs, given the kills it made.
  expect(summary.kills.length).toBeGreaterThan(0);
  expect(summary.jobs.accepted).toBeGreaterThan(50);
  expect(summary.jobs.completed + summary.jobs.failed).toBe(summary.jobs.accepted);
  expect(summary.jobs.lost).toBe(0);
  for (const u of summary.unexpected) {
    expect([502, 503], JSON.stringify(u)).toContain(u.status);
    expect(u.retryAfter, JSON.stringify(u)).toBe(true);
  }
  expect(summary.unexpected.length / summary.requests).toBeLessThan(0.01);
}, 90_000);
