// The fairness drill (npm run chaos -- --slow-worker): 2 workers and 3 clients. One floods heavy
// DeepDream jobs, as many at once as it may; one sends single small jobs, one after another, and
// times each from upload to result; one sends a mix. A worker is SIGKILLed and restarted now and
// then. Reports what happened to every job, the small client's time to result, and each
// process's peak RSS.
import { readFileSync } from "node:fs";
import { ApiProblem, apiClient, pollJob, submitJob } from "../contract/client";
import type { Cluster } from "./local";

export interface FloodOptions {
  seconds: number;
  image: Uint8Array;
  /** A worker is SIGKILLed this often (0: never). */
  killEveryMs: number;
  log?: (line: string) => void;
}

interface Tally {
  accepted: number;
  completed: number;
  failed: number;
  lost: number;
  refused: Record<string, number>;
  errors: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const tally = (): Tally => ({ accepted: 0, completed: 0, failed: 0, lost: 0, refused: {}, errors: {} });

/** Resident memory now, from /proc (kB → MB); 0 once the process is gone. */
function rssMB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

export async function runFlood(cluster: Cluster, options: FloodOptions) {
  const end = Date.now() + options.seconds * 1000;
  const clients = { flood: tally(), small: tally(), mixed: tally() };
  const smallTimes: number[] = [];
  const peakRss: Record<string, number> = {};
  const kills: string[] = [];

  const tokens: string[] = [];
  for (const who of ["flood", "small"]) {
    const credentials = JSON.stringify({ email: `${who}-${Date.now()}@example.org`, password: "correct horse battery" });
    const json = { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials };
    await fetch(`${cluster.url}/api/auth/register`, json);
    tokens.push(((await (await fetch(`${cluster.url}/api/auth/login?token=1`, json)).json()) as { token: string }).token);
  }
  const auth = (token?: string): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

  const api = apiClient({ baseUrl: cluster.url });

  /** Submits (waiting out 429/503 as told), then follows the job to its end. Milliseconds from the first try to the result. */
  const job = async (t: Tally, converter: string, params: Record<string, unknown>, token?: string): Promise<number | undefined> => {
    const started = performance.now();
    const request = { image: new Blob([options.image as Uint8Array<ArrayBuffer>], { type: "image/png" }), fileName: "photo.png", steps: [{ converter, params }] };
    let id: string | undefined;
    while (!id && Date.now() < end) {
      const submitted = await submitJob(api, request, { headers: auth(token) }).catch(() => undefined);
      if (submitted && "job" in submitted) id = submitted.job.id;
      else {
        const key = String(submitted?.refused.status ?? "network");
        t.refused[key] = (t.refused[key] ?? 0) + 1;
        await sleep(Math.min(5000, 1000 * (submitted?.refused.retryAfter ?? 1)));
      }
    }
    if (!id) return undefined;
    t.accepted++;
    try {
      // Through the job store's own outages (a worker's SIGKILL is not one): the job lives in Redis.
      await pollJob(api, id, { headers: auth(token), throughOutages: true, maxIntervalMs: 1000, timeoutMs: end + 120_000 - Date.now() });
      t.completed++;
      return performance.now() - started;
    } catch (error) {
      if (!(error instanceof ApiProblem)) {
        t.lost++;
        return undefined;
      }
      if (error.status === 404) t.lost++;
      else {
        const key = `${error.status} ${error.title}`.trim();
        t.failed++;
        t.errors[key] = (t.errors[key] ?? 0) + 1;
      }
      return undefined;
    }
  };

  const dream = { maxSize: 512, octaves: 2, steps: 10 };
  const flooder = async () => {
    while (Date.now() < end) await job(clients.flood, "deepdream", dream, tokens[0]);
  };
  const small = async () => {
    while (Date.now() < end) {
      const ms = await job(clients.small, "grayscale", {}, tokens[1]);
      if (ms !== undefined) smallTimes.push(ms);
    }
  };
  const mixed = async () => {
    for (let i = 0; Date.now() < end; i++) await job(clients.mixed, i % 4 === 0 ? "deepdream" : "sepia", i % 4 === 0 ? { ...dream, maxSize: 256 } : {});
  };
  const watch = async () => {
    while (Date.now() < end + 5000) {
      for (const r of cluster.replicas) peakRss[r.name] = Math.max(peakRss[r.name] ?? 0, rssMB(r.child?.pid));
      await sleep(500);
    }
  };
  const killWorkers = async () => {
    const workers = cluster.replicas.filter((r) => r.role === "worker");
    for (let i = 0; options.killEveryMs > 0 && Date.now() < end - options.killEveryMs / 2; i++) {
      await sleep(options.killEveryMs);
      const victim = workers[i % workers.length]!;
      cluster.kill(victim);
      kills.push(victim.name);
      options.log?.(`killed ${victim.name}`);
      await cluster.restart(victim).catch((e: unknown) => options.log?.(`restart of ${victim.name} failed: ${String(e)}`));
    }
  };
  // The flooder keeps 8 submissions going: all it may have queued or running, and more.
  await Promise.all([...Array.from({ length: 8 }, flooder), small(), mixed(), mixed(), watch(), killWorkers()]);

  const sorted = smallTimes.sort((a, b) => a - b);
  const all = Object.values(clients);
  return {
    jobs: {
      accepted: all.reduce((n, t) => n + t.accepted, 0),
      completed: all.reduce((n, t) => n + t.completed, 0),
      failed: all.reduce((n, t) => n + t.failed, 0),
      lost: all.reduce((n, t) => n + t.lost, 0),
    },
    clients,
    smallTimeToResultMs: { count: sorted.length, p50: Math.round(quantile(sorted, 0.5)), p99: Math.round(quantile(sorted, 0.99)) },
    peakRssMB: peakRss,
    kills,
  };
}
