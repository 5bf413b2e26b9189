// Done-when 4 of the scale-out issue: the cluster's own Redis, then its PostgreSQL, SIGKILLed
// mid-run and restarted 5 s later, under logged-in and anonymous load.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChaos } from "./chaos";
import { type Cluster, startCluster } from "./local";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ apis: 2, workers: 2, ownStores: true, port: 12_000 + (process.pid % 1000) * 4 });
}, 60_000);
afterAll(() => cluster?.stop());

const image = readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "coffee.png"));

describe.each(["redis", "postgres"] as const)("%s killed and restarted mid-run", (victim) => {
  it("keeps every acknowledged gallery item, and every accepted job completes or fails with a clear error", async () => {
    const summary = await runChaos(cluster, { seconds: 24, concurrency: 8, killEveryMs: 0, victim, downMs: 5000, image });
    const byPath: Record<string, number> = {};
    for (const u of summary.unexpected) byPath[`${u.status} ${u.path}`] = (byPath[`${u.status} ${u.path}`] ?? 0) + 1;
    console.log(victim, JSON.stringify({ ...summary, unexpected: byPath }, null, 1));
    expect(summary.kills).toEqual([`${victim} (down 5 s)`]);
    expect(summary.jobs.accepted).toBeGreaterThan(20);
    expect(summary.jobs.lost).toBe(0);
    // A job that failed says why, with a status a client can act on.
    for (const error of Object.keys(summary.jobs.errors)) expect(error).toMatch(/^(4\d\d|5\d\d) \S/);
    expect(summary.gallery.acknowledged).toBeGreaterThan(3);
    expect(summary.gallery.missing).toEqual([]);
    // While the store is down the API says "retry", never a bare 500.
    for (const u of summary.unexpected) {
      expect([502, 503], JSON.stringify(u)).toContain(u.status);
      expect(u.retryAfter, JSON.stringify(u)).toBe(true);
    }
  }, 90_000);
});
