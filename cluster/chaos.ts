// Mixed load against a cluster while replicas are SIGKILLed and restarted, as chaoskube did to
// the seed's cluster, or while its Redis or PostgreSQL is killed once and restarted, counting
// what happened to every request, every accepted job and every gallery item acknowledged.
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

  const call = async (path: string, init: RequestInit = {}, expected: number[] = []) => {
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(cluster.url + path, init);
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
    // A well-behaved client: "try again shortly" is honoured (up to 2 s) before its next request.
    if (res.status === 503) await sleep(Math.min(2000, 1000 * (Number(res.headers.get("retry-after")) || 1)));
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

  const convert = async (token?: string) => {
    const body = new FormData();
    body.append("image", new Blob([options.image as Uint8Array<ArrayBuffer>], { type: "image/png" }), "load.png");
    body.append("converter", "grayscale");
    const res = await call("/api/conversions", { method: "POST", body, headers: auth(token) });
    if (res?.status !== 202) return;
    const job: Job = { id: ((await res.json()) as { id: string }).id, token, state: "accepted" };
    jobs.push(job);
    await follow(job, end + 10_000);
  };

  const follow = async (job: Job, deadline: number) => {
    while (Date.now() < deadline) {
      const res = await call(`/api/jobs/${job.id}`, { headers: auth(job.token) }, [404]);
      if (res?.status === 200) {
        await res.arrayBuffer();
        job.state = "completed";
        const saved = res.headers.get("X-Gallery-Id");
        if (saved && job.token) acknowledged.push({ token: job.token, id: saved });
        return;
      }
      if (res?.status === 404) {
        job.state = "lost";
        return;
      }
      if (res && res.status >= 400 && res.status !== 503) {
        const problem = (await res.json().catch(() => ({}))) as { title?: string };
        job.state = "failed";
        job.error = `${res.status} ${problem.title ?? ""}`.trim();
        return;
      }
      const wait = res?.status === 202 || res?.status === 503 ? Number(res.headers.get("retry-after")) * 1000 : 500;
      await res?.arrayBuffer().catch(() => {});
      await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(200, wait || 500))));
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
