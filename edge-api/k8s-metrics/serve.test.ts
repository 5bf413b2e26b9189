// The api role as a process serves the external metrics API over TLS, as the kube-apiserver's
// aggregator calls it: the certificate the folder holds, the jobs metric from the shared queue.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase } from "../test-backends";
import { coffee, form, png } from "../testing";
import { freePorts } from "../testing-ports";
import { GROUP_VERSION, JOBS_METRIC } from "./external";

const root = join(import.meta.dirname, "..", "..");
const prefix = `k8s-metrics:${randomBytes(6).toString("hex")}:`;
const [port, metricsPort] = await freePorts(2);
const tls = mkdtempSync(join(tmpdir(), "ie-metrics-tls-"));
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let api: ChildProcess | undefined;

/** GET over TLS, trusting only the test's certificate, for the name the APIService's Service has. */
function get(path: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: metricsPort, path, servername: "metrics.test", ca: readFileSync(join(tls, "tls.crt")) }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on("error", reject).end();
  });
}

beforeAll(async () => {
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=metrics.test", "-addext", "subjectAltName=DNS:metrics.test", "-keyout", join(tls, "tls.key"), "-out", join(tls, "tls.crt")], { stdio: "ignore" });
  database = await createTestDatabase();
  const env = { ...process.env, REDIS_URL: "redis://127.0.0.1:6379", REDIS_PREFIX: prefix, DATABASE_URL: database.url, PORT: String(port), EXTERNAL_METRICS_PORT: String(metricsPort), EXTERNAL_METRICS_TLS_DIR: tls, JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" };
  api = spawn(process.execPath, [join(root, ".build", "main.mjs"), "api"], { env, cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    api!.stdout!.on("data", (chunk: Buffer) => /listening/.test(chunk.toString()) && resolve());
    api!.once("exit", (code) => reject(new Error(`api exited with ${code}`)));
  });
}, 60_000);
afterAll(async () => {
  api?.kill("SIGKILL");
  const redis = new Redis("redis://127.0.0.1:6379");
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await database?.drop();
});

test("over TLS, discovery names the jobs metric, and a job queued with no worker up counts in it", async () => {
  const discovery = await get(`/apis/${GROUP_VERSION}`);
  expect(discovery.status).toBe(200);
  expect(discovery.body.resources.map((r: { name: string }) => r.name)).toEqual([JOBS_METRIC]);
  const metric = `/apis/${GROUP_VERSION}/namespaces/editor/${JOBS_METRIC}`;
  expect((await get(metric)).body.items[0].value).toBe("0");
  // No worker runs in this test: the job stays queued.
  const accepted = await fetch(`http://127.0.0.1:${port}/api/conversions`, { method: "POST", body: form({ image: png(coffee), converter: "invert" }) });
  expect(accepted.status).toBe(202);
  expect((await get(metric)).body.items[0]).toMatchObject({ metricName: JOBS_METRIC, value: "1" });
  // The app's own port does not serve it: only the aggregator's TLS port does.
  expect((await fetch(`http://127.0.0.1:${port}/apis/${GROUP_VERSION}`)).status).toBe(404);
});
