// The suite's steps on scaling and nodes (suite.ts runs them last): the workers' HPA under a
// backlog and after it, a drain under load, and a node lost under load.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { apiClient, pollJob, submitJob } from "../../contract/client";
import { clusterWatch, fullname, isAppPod, isReady, kubectl, kubectlAsync, pods, type Pod, type Sample } from "./kube";
import { startLoad, summarize } from "./load";

export interface NodeResults {
  workersMax: number;
  scaleUpSeconds: number;
  scaleDownSeconds: number;
  lostJobsDrain: number;
  failedRequestsDrain: number;
  lostJobsNodeLoss: number;
  failedRequestsNodeLoss: number;
}

interface Context {
  url: string;
  /** A small photo for the steady loads, and the whole one for the backlog. */
  image: Blob;
  photo: Blob;
  step: (name: string, run: () => Promise<string>) => Promise<void>;
  check: (condition: unknown, message: string) => asserts condition;
  results: NodeResults;
}

const here = import.meta.dirname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A dream of about 5 s on one core (the whole 451×300 photo, two octaves): sixteen are a backlog one worker takes over a minute for. */
const BACKLOG_DREAM = { maxSize: 512, octaves: 2, steps: 20, layers: ["mixed3"] };
/** Seeds of this run's own, so that no dream repeats an earlier one's request. */
const seedBase = 1 + (Date.now() % 5000);
/** A dream of about a second, for the steady load: jobs in flight on the workers at any moment. */
const DREAM = { maxSize: 160, octaves: 1, steps: 6, layers: ["mixed3"] };
const APP_SELECTOR = "app.kubernetes.io/component in (web,api,worker)";
const workers = (s: Sample) => s.ready.worker;
const roleOf = (p: Pod) => p.metadata.labels["app.kubernetes.io/component"] ?? "";
const indent = (lines: string[]) => lines.map((l) => `       ${l}`).join("\n");

/** The nodes and whether each is Ready. */
function nodes(): { name: string; ready: boolean; unschedulable: boolean }[] {
  const list = JSON.parse(kubectl("get", "nodes", "-o", "json")).items as { metadata: { name: string }; spec: { unschedulable?: boolean }; status: { conditions: { type: string; status: string }[] } }[];
  return list.map((n) => ({ name: n.metadata.name, ready: n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"), unschedulable: !!n.spec.unschedulable }));
}

/**
 * A submission that outlasts a connection refused or reset while the Services' endpoints settle
 * after the steps before (a pod that left moments ago): sent again with the same Idempotency-Key,
 * so a submission that did arrive is the same job, never a second one. Refusals are returned.
 */
async function submitSafely(client: ReturnType<typeof apiClient>, request: Parameters<typeof submitJob>[1], headers: Record<string, string>, key: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await submitJob(client, request, { headers, idempotencyKey: key, signal: AbortSignal.timeout(60_000) });
      if ("job" in answer || answer.refused.status !== 503 || attempt >= 30) return answer;
    } catch (error) {
      if (attempt >= 30) throw error;
    }
    await sleep(1000);
  }
}

export async function nodeSteps({ url, image, photo, step, check: verify, results }: Context) {
  const check: (condition: unknown, message: string) => asserts condition = verify;
  const watch = clusterWatch();
  const client = apiClient({ baseUrl: url });

  await step("10 the resource metrics API answers kubectl top", async () => {
    const apiservices = kubectl("get", "apiservice", "v1beta1.metrics.k8s.io", "v1beta1.external.metrics.k8s.io", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Available\")].status} {end}").trim();
    check(/v1beta1\.metrics\.k8s\.io=True/.test(apiservices) && /v1beta1\.external\.metrics\.k8s\.io=True/.test(apiservices), `APIServices: ${apiservices}`);
    let top = "";
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(3000)) {
      top = await kubectlAsync("top", "pods").catch((error: Error) => error.message);
      if (/worker/.test(top) && /\d+m\s+\d+Mi/.test(top)) break;
    }
    check(/\d+m\s+\d+Mi/.test(top), `kubectl top pods said: ${top}`);
    const topNodes = await kubectlAsync("top", "nodes");
    check(/node1/.test(topNodes) && /node2/.test(topNodes), `kubectl top nodes said: ${topNodes}`);
    return `${apiservices}; kubectl top pods lists ${top.trim().split("\n").length - 1} pods; kubectl top nodes lists node1 and node2`;
  });

  await step("11 the workers scale on the queue and back", async () => {
    await watch.until((s) => s.workerReplicas === 1 && workers(s) === 1, 240, "the workers back at their minimum of 1 before the backlog");
    // One dream alone on the one worker: what a backlog would cost without scaling.
    const alone = Date.now();
    const single = await submitSafely(client, { image: photo, fileName: "dream.png", steps: [{ converter: "deepdream", params: { ...BACKLOG_DREAM, seed: seedBase + 100 } }] }, { "X-Forwarded-For": "198.51.100.200" }, `alone-${seedBase}`);
    check("job" in single, "the single dream was refused");
    await pollJob(client, single.job.id, { headers: { "X-Forwarded-For": "198.51.100.200" }, maxIntervalMs: 250, timeoutMs: 300_000, throughOutages: true });
    const oneJobSeconds = (Date.now() - alone) / 1000;

    const jobs = 16;
    const from = (i: number) => ({ "X-Forwarded-For": `198.51.100.${210 + (i % 4)}` });
    const t0 = Date.now();
    watch.resetExtremes();
    const ids = await Promise.all(
      Array.from({ length: jobs }, async (_, i) => {
        const submitted = await submitSafely(client, { image: photo, fileName: "dream.png", steps: [{ converter: "deepdream", params: { ...BACKLOG_DREAM, seed: seedBase + i } }] }, from(i), `backlog-${seedBase}-${i}`);
        check("job" in submitted, `dream ${i} was refused: ${"refused" in submitted && submitted.refused.message}`);
        return submitted.job.id;
      }),
    );
    // Settled at once (a rejection is reported below, not left unhandled while the jobs run).
    const scaledUp = watch.until((s) => workers(s) >= 3, 240, "3 ready workers").then(
      () => (Date.now() - t0) / 1000,
      (error: Error) => error,
    );
    const settled = await Promise.allSettled(ids.map((id, i) => pollJob(client, id, { headers: from(i), maxIntervalMs: 500, timeoutMs: 600_000, throughOutages: true })));
    const makespan = (Date.now() - t0) / 1000;
    const lost = settled.filter((s) => s.status === "rejected");
    const up = await scaledUp;
    const drained = Date.now();
    await watch.until((s) => s.workerReplicas === 1 && workers(s) === 1, 300, "the workers back at 1 after the backlog");
    results.scaleDownSeconds = Math.round((Date.now() - drained) / 1000);
    results.workersMax = watch.most.worker ?? 0;
    check(typeof up === "number", String(up));
    results.scaleUpSeconds = Math.round(up);
    console.log(indent(watch.lines.slice(-20)));
    check(lost.length === 0, `${lost.length} of ${jobs} dreams did not finish: ${lost.map((l) => String((l as PromiseRejectedResult).reason)).join("; ")}`);
    check(results.workersMax >= 3, `at most ${results.workersMax} workers were ready`);
    const speedup = (jobs * oneJobSeconds) / makespan;
    check(speedup > 1, `${jobs} dreams took ${makespan.toFixed(0)} s, no faster than ${jobs} × ${oneJobSeconds.toFixed(1)} s on one worker`);
    return `one dream alone ${oneJobSeconds.toFixed(1)} s; ${jobs} dreams from 4 clients done in ${makespan.toFixed(0)} s (${speedup.toFixed(2)}× one worker's ${(jobs * oneJobSeconds).toFixed(0)} s); 3 workers ready ${results.scaleUpSeconds} s after the backlog began, ${results.workersMax} at most; back to 1 ${results.scaleDownSeconds} s after it drained; 0 lost`;
  });

  await step("12 a node is drained under load", async () => {
    const light = startLoad({ url, clients: 12, image });
    const heavy = startLoad({ url, clients: 3, image, converter: "deepdream", params: DREAM, firstAddress: 100 });
    // Work on both nodes: the backlog brings workers up, spread over the nodes.
    await watch.until((s) => workers(s) >= 2, 180, "2 ready workers under the load");
    const byNode = new Map<string, number>();
    for (const p of pods().filter((x) => ["api", "worker"].includes(roleOf(x)) && isReady(x))) if (p.spec.nodeName) byNode.set(p.spec.nodeName, (byNode.get(p.spec.nodeName) ?? 0) + 1);
    // The most api and worker pods; a tie goes to node2, which keeps the control plane out of it.
    const target = [...byNode].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
    check(target, "no api or worker pod is on a node");
    watch.resetExtremes();
    const t0 = Date.now();
    // The app's pods only: the in-chart Redis and PostgreSQL are single pods on node1's local
    // volumes, which a drain could only stop (a maintenance window of theirs, not the app's).
    await kubectlAsync("drain", target, "--ignore-daemonsets", "--delete-emptydir-data", `--pod-selector=${APP_SELECTOR}`, "--timeout=300s");
    const drainedIn = (Date.now() - t0) / 1000;
    await watch.until((s) => s.ready.api >= 2 && s.ready.web >= 2 && workers(s) >= 1, 180, "the app back at full strength on the other node");
    const left = pods().filter((p) => p.spec.nodeName === target && isAppPod(p) && !p.metadata.deletionTimestamp);
    await sleep(5_000);
    const [a, b] = [await light.stop(), await heavy.stop()];
    const fewest = { api: watch.fewest.api ?? 0, worker: watch.fewest.worker ?? 0, web: watch.fewest.web ?? 0 };
    kubectl("uncordon", target);
    console.log(indent(watch.lines.slice(-20)));
    results.lostJobsDrain = a.lost.length + b.lost.length;
    results.failedRequestsDrain = a.failed.length + b.failed.length;
    check(left.length === 0, `still on ${target}: ${left.map((p) => p.metadata.name).join(", ")}`);
    check(fewest.api >= 1 && fewest.worker >= 1 && fewest.web >= 1, `the PodDisruptionBudgets were broken: fewest ready ${JSON.stringify(fewest)}`);
    check(results.lostJobsDrain === 0, `lost jobs: ${[...a.lost, ...b.lost].join(", ")}`);
    check(results.failedRequestsDrain === 0, `failed requests: ${summarize([...a.failed, ...b.failed])}`);
    return `drained ${target} (${[...byNode].map(([n, c]) => `${n} ${c}`).join(", ")} api+worker pods) in ${drainedIn.toFixed(0)} s; fewest ready: api ${fewest.api}, worker ${fewest.worker}, web ${fewest.web} (PDBs: 1); ${a.requests + b.requests} requests, ${a.accepted + b.accepted} jobs (${b.accepted} dreams), all done, 0 failed, 0 lost; uncordoned`;
  });

  await step("13 a node is lost under load", async () => {
    // After the drain everything runs on one node: restarting the stateless roles spreads them again.
    const deployments = [`${fullname}-web`, `${fullname}-api`, `${fullname}-worker`];
    await kubectlAsync("rollout", "restart", "deployment", ...deployments);
    for (const d of deployments) await kubectlAsync("rollout", "status", "deployment", d, "--timeout=300s");
    // The spread is a preference (ScheduleAnyway, so that one node can still take every pod): a
    // rollout that surged onto one node can leave both api pods there. Then one is deleted and
    // its replacement goes where the constraint prefers, as a descheduler would do it.
    for (const role of ["api", "web"] as const) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const placed = pods(role).filter(isReady);
        if (new Set(placed.map((p) => p.spec.nodeName)).size > 1) break;
        await kubectlAsync("delete", "pod", placed[0]!.metadata.name);
        await watch.until((s) => s.ready[role] >= 2, 180, `two ready ${role} pods again`);
      }
    }
    await watch.until((s) => (s.ready["api@node1"] ?? 0) >= 1 && (s.ready["api@node2"] ?? 0) >= 1 && s.ready.web >= 2, 240, "an api pod on each node");
    const light = startLoad({ url, clients: 12, image });
    const heavy = startLoad({ url, clients: 3, image, converter: "deepdream", params: DREAM, firstAddress: 100 });
    await watch.until((s) => (s.ready["worker@node2"] ?? 0) >= 1 && (s.ready["api@node2"] ?? 0) >= 1, 240, "a worker and an api pod on node2 under the load");
    const onNode2 = pods().filter((p) => p.spec.nodeName === "node2" && !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    const t0 = Date.now();
    execFileSync("bash", ["-c", `source "${join(here, "lib.sh")}" && source "${join(here, "node.sh")}" && stop_node_hard 2`]);
    let notReadyAt = 0;
    for (const deadline = Date.now() + 180_000; !notReadyAt && Date.now() < deadline; await sleep(1000)) if (nodes().some((n) => n.name === "node2" && !n.ready)) notReadyAt = Date.now();
    check(notReadyAt, "node2 was never marked NotReady");
    // Evicted: every app pod of node2 marked for deletion (the taint-based eviction, after the
    // chart's toleration), and then as many ready on node1 as the roles want.
    let evictedAt = 0;
    for (const deadline = Date.now() + 240_000; !evictedAt && Date.now() < deadline; await sleep(1000)) {
      const stranded = pods().filter((p) => p.spec.nodeName === "node2" && isAppPod(p) && !p.metadata.deletionTimestamp);
      if (!stranded.length) evictedAt = Date.now();
    }
    check(evictedAt, "node2's pods were never evicted");
    await watch.until((s) => s.ready.api >= 2 && s.ready.web >= 2 && workers(s) >= 1 && !Object.keys(s.ready).some((k) => k.endsWith("@node2") && (s.ready[k] ?? 0) > 0), 300, "the app back at full strength on node1");
    const replacedIn = (Date.now() - t0) / 1000;
    await sleep(10_000);
    const [a, b] = [await light.stop(), await heavy.stop()];
    console.log(indent(watch.lines.slice(-20)));
    await watch.stop();
    results.lostJobsNodeLoss = a.lost.length + b.lost.length;
    results.failedRequestsNodeLoss = a.failed.length + b.failed.length;
    check(results.lostJobsNodeLoss === 0, `lost jobs: ${[...a.lost, ...b.lost].join(", ")}`);
    return `SIGKILLed node2's kubelet, kube-proxy, containerd and its ${onNode2.length} pods' processes (${onNode2.join(", ")}); NotReady after ${((notReadyAt - t0) / 1000).toFixed(0)} s, its pods evicted after ${((evictedAt - t0) / 1000).toFixed(0)} s, at full strength on node1 ${replacedIn.toFixed(0)} s after the loss; ${a.requests + b.requests} requests, ${a.accepted + b.accepted} jobs, ${a.done + b.done} done, 0 lost; failed during the loss: ${summarize([...a.failed, ...b.failed])}`;
  });
}
