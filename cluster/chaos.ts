// Mixed load against a cluster while replicas are SIGKILLed and restarted, as chaoskube did to
// the seed's cluster, or while its Redis or PostgreSQL is killed once and restarted, counting
// what happened to every request, every accepted job and every gallery item acknowledged.
import { ApiProblem, apiClient, pollJob, submitJob } from "../contract/client";
import type { Cluster } from "./local";

export interface ChaosOptions {
  seconds: number;
  concurrency: number;
  killEveryMs: number;
  image: Uint8Array;
  /** What dies: a random api or worker every killEveryMs, or once, the cluster's own Redis or PostgreSQL. */
  victim?: "replicas" | "redis" | "postgres";
  /** For a store: how long it stays down, from a third of the way in. */
  downMs?: number;
  log?: (line: string) => void;
}

interface Job {
  id: string;
  token?: string;
  state: "accepted" | "completed" | "failed" | "lost";
  error?: string;
}

export interface ChaosSummary {
  requests: number;
  byStatus: Record<string, number>;
  /** Every response but a 2xx (and a polled job's 404, counted as lost), with whether it carried Retry-After. */
  unexpected: { status: number; retryAfter: boolean; path: string }[];
  jobs: { accepted: number; completed: number; failed: number; lost: number; errors: Record<string, number> };
  latencyMs: { p50: number; p99: number };
  kills: string[];
  /** Items the API said it saved (X-Gallery-Id on a job's result), and those not found after. */
  gallery: { acknowledged: number; missing: string[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function runChaos(cluster: Cluster, options: ChaosOptions): Promise<ChaosSummary> {
  const byStatus: Record<string, number> = {};
  const unexpected: ChaosSummary["unexpected"] = [];
  const latencies: number[] = [];
  const jobs: Job[] = [];
  const kills: string[] = [];
  const acknowledged: { token: string; id: string }[] = [];
  const end = Date.now() + options.seconds * 1000;

  const call = async (input: string | Request, init: RequestInit = {}, expected: number[] = []) => {
    const started = performance.now();
    const path = typeof input === "string" ? input : new URL(input.url).pathname;
    let res: Response;
    try {
      res = await (typeof input === "string" ? fetch(cluster.url + input, init) : fetch(input));
    } catch {
      // nginx itself never goes down; a refused connection would be a harness failure.
      byStatus.network = (byStatus.network ?? 0) + 1;
      unexpected.push({ status: 0, retryAfter: false, path });
      return undefined;
    }
    latencies.push(performance.now() - started);
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    const ok = (res.status >= 200 && res.status < 300) || expected.includes(res.status);
    if (!ok) unexpected.push({ status: res.status, retryAfter: res.headers.has("retry-after"), path: path.replace(/[\w-]{16,}/g, ":id") });
    // A well-behaved client: "try again shortly" is honoured (up to 2 s) before its next request
    // (a job's poll waits in pollJob).
    if (res.status === 503 && typeof input === "string") await sleep(Math.min(2000, 1000 * (Number(res.headers.get("retry-after")) || 1)));
    return res;
  };

  // Accounts for the logged-in share of the load.
  const tokens: string[] = [];
  const accounts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const credentials = JSON.stringify({ email: `chaos-${Date.now()}-${i}@example.org`, password: "correct horse battery" });
    const json = { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials };
    await call("/api/auth/register", json);
    const res = await call("/api/auth/login?token=1", json);
    if (res?.ok) tokens.push(((await res.json()) as { token: string }).token);
    accounts.push(credentials);
  }
  const auth = (token?: string): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

  // The contract's client, every request counted by `call`; a poll's 404 is expected (a lost job, counted as such).
  const api = apiClient({
    baseUrl: cluster.url,
    fetch: async (request) => (await call(request, {}, request.method === "GET" ? [404] : [])) ?? Promise.reject(new Error(`no answer from ${request.url}`)),
  });
  const image = new Blob([options.image as Uint8Array<ArrayBuffer>], { type: "image/png" });

  const convert = async (token?: string) => {
    const submitted = await submitJob(api, { image, fileName: "load.png", steps: [{ converter: "grayscale" }] }, { headers: auth(token) }).catch(() => undefined);
    if (!submitted || !("job" in submitted)) return;
    const job: Job = { id: submitted.job.id, token, state: "accepted" };
    jobs.push(job);
    await follow(job, end + 10_000);
  };

  /** To its end, through the job store's 503s; a 404 means the job was lost. Unfinished by the deadline, it stays "accepted". */
  const follow = async (job: Job, deadline: number) => {
    try {
      const done = await pollJob(api, job.id, { headers: auth(job.token), throughOutages: true, maxIntervalMs: 1000, timeoutMs: deadline - Date.now() });
      job.state = "completed";
      if (done.galleryId && job.token) acknowledged.push({ token: job.token, id: done.galleryId });
    } catch (error) {
      if (!(error instanceof ApiProblem)) return;
      if (error.status === 404) job.state = "lost";
      else {
        job.state = "failed";
        job.error = `${error.status} ${error.title}`.trim();
      }
    }
  };

  const user = async () => {
    while (Date.now() < end) {
      const roll = Math.random();
      if (roll < 0.5) await convert();
      else if (roll < 0.7) await convert(pick(tokens));
      else if (roll < 0.92) await (await call("/api/gallery?limit=12", { headers: auth(pick(tokens)) }))?.arrayBuffer();
      // Logins are few: each is 0.5 s of scrypt on a core.
      else await (await call("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: pick(accounts) }))?.arrayBuffer();
    }
  };

  const killReplicas = async () => {
    const victims = cluster.replicas.filter((r) => r.role !== "web");
    while (Date.now() < end - options.killEveryMs / 2) {
      await sleep(options.killEveryMs);
      if (Date.now() >= end) break;
      const victim = pick(victims);
      cluster.kill(victim);
      kills.push(victim.name);
      options.log?.(`killed ${victim.name}`);
      await cluster.restart(victim).catch((e: unknown) => options.log?.(`restart of ${victim.name} failed: ${String(e)}`));
    }
  };
  const killStore = async (name: "redis" | "postgres") => {
    const store = cluster.stores?.[name];
    if (!store) throw new Error(`the cluster has no ${name} of its own to kill (startCluster({ ownStores: true }))`);
    await sleep((options.seconds * 1000) / 3);
    store.kill();
    options.log?.(`killed ${name}`);
    await sleep(options.downMs ?? 5000);
    await store.restart();
    kills.push(`${name} (down ${(options.downMs ?? 5000) / 1000} s)`);
    options.log?.(`restarted ${name}`);
  };
  const chaos = !options.victim || options.victim === "replicas" ? killReplicas() : killStore(options.victim);

  await Promise.all([...Array.from({ length: options.concurrency }, user), chaos]);
  // Every accepted job gets a last chance to finish after the load stops.
  await Promise.all(jobs.filter((j) => j.state === "accepted").map((j) => follow(j, Date.now() + 30_000)));
  for (const j of jobs) if (j.state === "accepted") j.state = "lost";

  const sorted = latencies.sort((a, b) => a - b);
  const errors: Record<string, number> = {};
  for (const j of jobs) if (j.error) errors[j.error] = (errors[j.error] ?? 0) + 1;
  const count = (state: Job["state"]) => jobs.filter((j) => j.state === state).length;
  return {
    requests: latencies.length + (byStatus.network ?? 0),
    byStatus,
    unexpected,
    jobs: { accepted: jobs.length, completed: count("completed"), failed: count("failed"), lost: count("lost"), errors },
    latencyMs: { p50: Math.round(quantile(sorted, 0.5)), p99: Math.round(quantile(sorted, 0.99)) },
    kills,
    gallery: { acknowledged: acknowledged.length, missing: await missingFromGallery(cluster, acknowledged) },
  };
}

/** Every acknowledged item, read back with its owner's token once the run is over: record and image. */
async function missingFromGallery(cluster: Cluster, items: { token: string; id: string }[]) {
  const missing: string[] = [];
  for (const { token, id } of items) {
    const headers = { Authorization: `Bearer ${token}` };
    const [record, result] = await Promise.all([fetch(`${cluster.url}/api/gallery/${id}`, { headers }), fetch(`${cluster.url}/api/gallery/${id}/result`, { headers })]);
    const bytes = (await result.arrayBuffer()).byteLength;
    await record.arrayBuffer();
    if (record.status !== 200 || result.status !== 200 || bytes === 0) missing.push(`${id}: ${record.status}/${result.status}`);
  }
  return missing;
}
