// Jobs per second on cheap jobs (grayscale of a 2 MP image) through the local cluster, with 1
// worker process and then 2, in the same run. Each worker runs one job at a time (the default
// WORKER_CONCURRENCY=1). The machine has 2 cores, shared by the workers, the api, nginx, Redis and
// this load generator, so two figures are printed for each:
//   drain — the jobs are queued while the workers are stopped (SIGSTOP, so they stay warm), then
//           they resume: the worker tier alone, between the first job's end and the last one's
//           (the queue's own timestamps);
//   burst — the jobs are posted while the workers run and each is polled as Retry-After says:
//           from the first POST to the last result fetched, everything competing for the cores.
// Both unpinned and with each worker pinned to a core of its own, as a 1-CPU limit would hold it.
//   npx tsx bench/throughput.ts [--jobs 120]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { type Cluster, startCluster } from "../cluster/local";
import { apiClient, pollJob, submitJob } from "../contract/client";
import { RedisJobQueue } from "../edge-api/jobs/redis-queue";

const jobsArg = process.argv.indexOf("--jobs");
const count = jobsArg > 0 ? Number(process.argv[jobsArg + 1]) : 120;
const fixture = readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "coffee.png"));
const image = await sharp(fixture).resize(1732, 1155).png().toBuffer();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const photo = { image: new Blob([new Uint8Array(image)], { type: "image/png" }), fileName: "2mp.png", steps: [{ converter: "grayscale" }] };

async function submit(cluster: Cluster) {
  const submitted = await submitJob(apiClient({ baseUrl: cluster.url }), photo);
  if ("refused" in submitted) throw submitted.refused;
  return submitted.job.id;
}

/** Polls as a well-behaved client does: again after the Retry-After the 202 gives. */
const result = (cluster: Cluster, id: string) => pollJob(apiClient({ baseUrl: cluster.url }), id);

/**
 * Jobs per second in the steady state, from the queue's own timestamps: between the first job's
 * end and the last one's, so neither start-up nor the client's polling interval counts.
 */
async function serverRate(queue: RedisJobQueue, ids: string[], wait = false) {
  for (;;) {
    const records = await Promise.all(ids.map((id) => queue.get(id)));
    if (records.some((r) => r?.status === "failed" || !r)) throw new Error("a job failed or vanished");
    const ends = records.map((r) => r!.finishedAt).filter((t) => t !== undefined);
    if (ends.length === ids.length) return (ids.length - 1) / ((Math.max(...ends) - Math.min(...ends)) / 1000);
    if (!wait) throw new Error("jobs still running");
    await sleep(500);
  }
}

async function measure(workers: number, pinWorkers: boolean) {
  const cluster = await startCluster({ apis: 1, workers, pinWorkers, port: 19_000 + workers * 400 + (pinWorkers ? 40 : 0) });
  const queue = new RedisJobQueue(cluster.env.REDIS_URL, { ttlMs: 100_000, leaseMs: 30_000, maxAttempts: 3, prefix: cluster.env.REDIS_PREFIX });
  try {
    // Warm: every worker's thread started, and V8 done tiering wasm-vips' hot functions up (until
    // then its compiler threads take a core's share; 4 jobs a worker was not enough).
    await Promise.all(Array.from({ length: workers * 30 }, async () => result(cluster, await submit(cluster))));
    // Drain: the workers are stopped (SIGSTOP, so they stay warm) while the jobs are posted.
    const workerProcesses = cluster.replicas.filter((r) => r.role === "worker").map((r) => r.child!);
    for (const child of workerProcesses) child.kill("SIGSTOP");
    const queued = await Promise.all(Array.from({ length: count }, () => submit(cluster)));
    for (const child of workerProcesses) child.kill("SIGCONT");
    const drain = await serverRate(queue, queued, true);

    const started = performance.now();
    const burst = await Promise.all(
      Array.from({ length: count }, async () => {
        const id = await submit(cluster);
        await result(cluster, id);
        return id;
      }),
    );
    const wall = count / ((performance.now() - started) / 1000);
    return { drain, burst: await serverRate(queue, burst), burstWall: wall };
  } finally {
    await queue.close();
    await cluster.stop();
  }
}

const round = (n: number) => +n.toFixed(2);
for (const pinned of [false, true]) {
  const one = await measure(1, pinned);
  const two = await measure(2, pinned);
  const row = (a: number, b: number) => ({ oneWorker: round(a), twoWorkers: round(b), ratio: round(b / a) });
  console.log(
    JSON.stringify({
      workers: pinned ? "each pinned to one core (taskset)" : "unpinned",
      jobs: count,
      image: "1732×1155 PNG, grayscale, PNG out",
      drain: row(one.drain, two.drain),
      burst: row(one.burst, two.burst),
      burstClientSide: row(one.burstWall, two.burstWall),
    }),
  );
}
