// npm run test:k8s, after k8s:up: the chart on a real Kubernetes. Each step prints a line; the
// last line is JSON. Exits 1 if any step fails.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { findHelm } from "../../charts/helm";
import { baseUrl, chart, fullname, helm, isAppPod, isReady, kubectl, kubectlAsync, localValues, namespace, podTimeline, pods, readyAt, release, work } from "./kube";
import { ApiProblem, apiClient, pollJob, submitJob } from "../../contract/client";
import { startLoad, summarize } from "./load";
import { nodeSteps, type NodeResults } from "./nodes-suite";

const fixtures = join(import.meta.dirname, "..", "..", "test", "fixtures");
const url = baseUrl();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nodeResults: NodeResults = { workersMax: 0, scaleUpSeconds: -1, scaleDownSeconds: -1, lostJobsDrain: -1, failedRequestsDrain: -1, lostJobsNodeLoss: -1, failedRequestsNodeLoss: -1 };
const results = { lostJobs: 0, failedRequestsDuringRollout: -1, failedRequestsApiKill: -1, imageMB: Number(readFileSync(join(work, "app-image-mb"), "utf8")), upSeconds: Number(readFileSync(join(work, "up-seconds"), "utf8")) };
let failures = 0;

async function step(name: string, run: () => Promise<string>) {
  const started = Date.now();
  try {
    const detail = await run();
    console.log(`ok   ${name}: ${detail} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const photo = new Blob([readFileSync(join(fixtures, "chelsea.png"))], { type: "image/png" });
const small = new Blob([await sharp(readFileSync(join(fixtures, "chelsea.png"))).resize(160).png().toBuffer()], { type: "image/png" });

async function api(path: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = { "X-Forwarded-For": "203.0.113.10", ...(init.headers as Record<string, string>) };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  return fetch(url + path, { ...init, headers, signal: AbortSignal.timeout(60_000) });
}

const client = apiClient({ baseUrl: url, headers: { "X-Forwarded-For": "203.0.113.10" } });
const bearer = (token?: string): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

async function convert(token: string | undefined, image: Blob, converter: string, params: Record<string, unknown> = {}) {
  const submitted = await submitJob(client, { image, fileName: "photo.png", steps: [{ converter, params }] }, { headers: bearer(token), signal: AbortSignal.timeout(60_000) });
  check("job" in submitted, `POST /api/conversions answered ${"refused" in submitted && `${submitted.refused.status}: ${submitted.refused.message}`}`);
  return submitted.job.id;
}

/** Polls through network errors and the job store's 503s (a replica going away); any other failure is the job's. */
async function settle(id: string, token?: string, patienceMs = 300_000) {
  try {
    const done = await pollJob(client, id, { headers: bearer(token), throughOutages: true, maxIntervalMs: 500, timeoutMs: patienceMs, signal: AbortSignal.timeout(patienceMs + 60_000) });
    return { galleryId: done.galleryId ?? null, bytes: done.blob.size };
  } catch (error) {
    throw new Error(error instanceof ApiProblem ? `job ${id} answered ${error.status}: ${error.message}` : `job ${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function account(name: string) {
  const credentials = { email: `${name}-${Date.now()}@example.test`, password: "correct horse battery" };
  const reg = await api("/api/auth/register", { method: "POST", body: JSON.stringify(credentials), headers: { "Content-Type": "application/json" } });
  check(reg.status === 201, `register answered ${reg.status}: ${await reg.text()}`);
  const login = await api("/api/auth/login?token=1", { method: "POST", body: JSON.stringify(credentials), headers: { "Content-Type": "application/json" } });
  check(login.status === 200, `login answered ${login.status}`);
  return ((await login.json()) as { token: string }).token;
}

async function galleryIds(token: string): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor = ""; ; ) {
    const res = await api(`/api/gallery?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
    check(res.status === 200, `GET /api/gallery answered ${res.status}`);
    const page = (await res.json()) as { items: { id: string }[]; nextCursor?: string | null };
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

/** The migrate Job of a revision finished before every api pod of that revision became ready. */
function migrationsBeforeReady(revision: number): string {
  const job = JSON.parse(kubectl("get", "job", `${fullname}-migrate-${revision}`, "-o", "json"));
  const done = job.status?.completionTime as string | undefined;
  check(done, `the migrate Job of revision ${revision} has not completed`);
  const apis = pods("api").filter(isReady);
  check(apis.length > 0, "no ready api pod");
  for (const p of apis) {
    check(new Date(readyAt(p)!) >= new Date(done), `${p.metadata.name} was ready at ${readyAt(p)}, before the migrations completed at ${done}`);
    const log = kubectl("logs", p.metadata.name, "-c", "wait-for-migrations");
    check(log.includes("migrations current"), `${p.metadata.name}'s init container said: ${log.trim()}`);
  }
  return `revision ${revision}: migrations done ${done}; ${apis.map((p) => `${p.metadata.name} ready ${readyAt(p)}`).join(", ")}`;
}

const currentRevision = async () => Number((JSON.parse(await helm("status", release, "-o", "json")) as { version: number }).version);

let token = "";
// Read before anything rolls the pods: on a fresh cluster this is the install (revision 1).
const installRevision = await currentRevision();
let installEvidence: string;
try {
  installEvidence = migrationsBeforeReady(installRevision);
} catch (error) {
  installEvidence = `FAILED: ${(error as Error).message}`;
}

await step("1 helm test", async () => {
  const out = await helm("test", release, "--logs");
  check(/Phase:\s+Succeeded/.test(out), out);
  return "the test pod reached the api Service and /readyz answered 200";
});

await step("2 through the Services", async () => {
  token = await account("k8s");
  const pixel = await settle(await convert(token, photo, "grayscale"), token);
  const dream = await settle(await convert(token, small, "deepdream", { maxSize: 96, octaves: 1, steps: 2, layers: ["mixed3"] }), token);
  check(pixel.galleryId && dream.galleryId, "a result without X-Gallery-Id");
  const ids = await galleryIds(token);
  check(ids.includes(pixel.galleryId) && ids.includes(dream.galleryId), `gallery ${ids.join(",")} lacks ${pixel.galleryId} or ${dream.galleryId}`);
  return `registered, logged in; grayscale ${pixel.bytes} B and DeepDream ${dream.bytes} B done; both in the gallery`;
});

await step("3 a worker pod dies mid-job", async () => {
  const before = await galleryIds(token);
  const id = await convert(token, photo, "deepdream", { maxSize: 448, octaves: 2, steps: 8, layers: ["mixed3"] });
  let holder: string | undefined;
  for (const deadline = Date.now() + 120_000; !holder && Date.now() < deadline; await sleep(500)) {
    const status = (await (await api("/api/status")).json()) as { replicas: { id: string; role: string; busy: number }[] };
    const busy = status.replicas.filter((r) => r.role === "worker" && r.busy > 0);
    const names = pods("worker").map((p) => p.metadata.name);
    holder = names.find((n) => busy.some((r) => r.id.startsWith(n)));
  }
  check(holder, "no worker reported the job running");
  const t0 = Date.now();
  kubectl("delete", "pod", holder, "--grace-period=0", "--force", "--wait=false");
  const done = await settle(id, token);
  const after = await galleryIds(token);
  const added = after.filter((x) => !before.includes(x));
  check(added.length === 1 && added[0] === done.galleryId, `the gallery gained ${added.length} items (${added.join(",")}); the job says ${done.galleryId}`);
  return `killed ${holder} while it held the lease; the job completed on another worker ${((Date.now() - t0) / 1000).toFixed(0)} s later; the gallery gained exactly 1 item`;
});

await step("4 rolling update under load", async () => {
  const timeline = podTimeline();
  const load = startLoad({ url, clients: 20, image: small });
  await sleep(10_000);
  const t0 = Date.now();
  await helm("upgrade", release, chart, "--reuse-values", "-f", localValues, "--set", `config.rateLimitPerMinute=${600 + (Date.now() % 100)}`, "--server-side=false", "--wait", "--timeout", "10m");
  const rolled = (Date.now() - t0) / 1000;
  await sleep(5_000);
  const report = await load.stop();
  const lines = await timeline.stop();
  console.log(lines.map((l) => `       ${l}`).join("\n"));
  results.failedRequestsDuringRollout = report.failed.length;
  results.lostJobs += report.lost.length;
  check(report.lost.length === 0, `lost jobs: ${report.lost.join(", ")}`);
  check(report.failed.length === 0, `failed requests: ${summarize(report.failed)}`);
  return `helm upgrade rolled web, api and worker in ${rolled.toFixed(0)} s; ${report.requests} requests, ${report.accepted} jobs, ${report.done} done, 0 failed, ${report.tolerated} × 503 + Retry-After, 0 lost`;
});

await step("7 the migrations run before the api is ready (install, upgrade)", async () => {
  const upgraded = await currentRevision();
  check(upgraded > installRevision, `the release is still at revision ${upgraded}`);
  check(!installEvidence.startsWith("FAILED"), `${installRevision === 1 ? "install" : "first revision seen"}: ${installEvidence}`);
  return `${installRevision === 1 ? "install" : "first revision seen"}: ${installEvidence}; upgrade: ${migrationsBeforeReady(upgraded)}`;
});

await step("5 the api pod dies under load", async () => {
  const load = startLoad({ url, clients: 20, image: small });
  await sleep(10_000);
  const [victim] = pods("api").filter(isReady);
  check(victim, "no ready api pod");
  await kubectlAsync("delete", "pod", victim.metadata.name, "--grace-period=0", "--force", "--wait=false");
  await sleep(20_000);
  const report = await load.stop();
  results.failedRequestsApiKill = report.failed.length;
  results.lostJobs += report.lost.length;
  const allowed = report.failed.every((f) => f.status === 502);
  const share = report.failed.length / Math.max(1, report.requests);
  check(report.lost.length === 0, `lost jobs: ${report.lost.join(", ")}`);
  check(allowed && share < 0.01, `failed requests: ${summarize(report.failed)} of ${report.requests}`);
  return `force-deleted ${victim.metadata.name}; ${report.requests} requests, ${report.accepted} jobs, ${report.done} done; failed: ${summarize(report.failed)} (${(share * 100).toFixed(2)} %); ${report.tolerated} × 503 + Retry-After; 0 lost`;
});

await step("6 PostgreSQL's pod restarts", async () => {
  const acknowledged: string[] = [];
  for (let i = 0; i < 4; i++) acknowledged.push((await settle(await convert(token, small, "invert"), token)).galleryId!);
  const pg = `${fullname}-postgresql-0`;
  const restarting = kubectlAsync("delete", "pod", pg, "--wait=true");
  // Saves go on while it restarts: whichever are acknowledged (X-Gallery-Id) must survive.
  for (let i = 0; i < 6; i++) {
    const done = await settle(await convert(token, small, "invert"), token).catch(() => undefined);
    if (done?.galleryId) acknowledged.push(done.galleryId);
  }
  await restarting;
  kubectl("wait", "--for=condition=Ready", `pod/${pg}`, "--timeout=180s");
  let ids: string[] = [];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(1000)) {
    ids = await galleryIds(token).catch(() => []);
    if (ids.length) break;
  }
  const missing = acknowledged.filter((id) => !ids.includes(id));
  check(missing.length === 0, `acknowledged but missing: ${missing.join(", ")}`);
  return `${pg} deleted and back; all ${acknowledged.length} acknowledged gallery items are there (${ids.length} in all)`;
});

await step("8 pod security", async () => {
  const checked: string[] = [];
  for (const p of pods().filter((x) => isAppPod(x) && isReady(x))) {
    const name = p.metadata.name;
    const id = kubectl("exec", name, "--", "id").trim();
    check(/^uid=10001\b/.test(id), `${name}: ${id}`);
    const nnp = kubectl("exec", name, "--", "sh", "-c", "grep NoNewPrivs /proc/1/status").trim();
    check(/NoNewPrivs:\s+1/.test(nnp), `${name}: ${nnp}`);
    let wrote = true;
    try {
      kubectl("exec", name, "--", "sh", "-c", "echo x > /probe 2>&1 || echo x > /app/probe");
    } catch (error) {
      wrote = false;
      check(/Read-only file system/.test(String((error as { stderr?: string }).stderr ?? error)), `${name}: a write to / failed for another reason: ${error}`);
    }
    check(!wrote, `${name}: a write to the root filesystem succeeded`);
    checked.push(name);
  }
  check(checked.length >= 5, `only ${checked.length} pods checked`);
  return `${checked.length} pods: uid 10001, NoNewPrivs 1, writes to / and /app fail with "Read-only file system"`;
});

await step("9 kubectl apply --dry-run=server of the production values", async () => {
  // Another release name: these are new objects to the API server, not a re-apply of the running ones.
  const rendered = execFileSync(findHelm(), ["template", "dry-run", chart, "-f", join(chart, "values-production.yaml"), "--namespace", namespace, "--kube-version", "1.20.2"], { encoding: "utf8" });
  // KEDA's CRD is not installed here: its ScaledObject is checked against the schemas in chart.test.ts.
  const docs = rendered.split(/^---$/m).filter((d) => d.trim() && !/^kind: ScaledObject$/m.test(d));
  const lines = kubectl({ input: docs.join("\n---\n") }, "apply", "--dry-run=server", "-f", "-").trim().split("\n");
  check(lines.every((l) => /\(server dry run\)$/.test(l)), lines.join("\n"));
  return `${lines.length} objects accepted by the API server (the ScaledObject skipped: no KEDA CRD here)`;
});

// Last: these move pods between nodes and end with a node lost.
await nodeSteps({ url, image: small, photo, step, check, results: nodeResults });

console.log(JSON.stringify({ ...results, ...nodeResults }));
process.exit(failures ? 1 : 0);
