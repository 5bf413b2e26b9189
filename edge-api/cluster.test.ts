// The roles as real processes on the real Redis: one API and two workers. The worker running
// a job is killed with SIGKILL mid-conversion; the job must finish on the other one.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Redis } from "ioredis";
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase } from "./test-backends";
import { fixtures, form, pollUntilDone } from "./testing";
import { freePorts } from "./testing-ports";

const root = join(import.meta.dirname, "..");
const prefix = `cluster:${randomBytes(6).toString("hex")}:`;
const [port, ...workerPorts] = await freePorts(3);
const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: "redis://127.0.0.1:6379", REDIS_PREFIX: prefix, PORT: String(port), WORKER_CONCURRENCY: "1", JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256" };
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const children: ChildProcess[] = [];
const redis = new Redis("redis://127.0.0.1:6379");

function startRole(role: "api" | "worker"): Promise<ChildProcess> {
  // Workers serve their probes on ports of their own.
  const ownPort = role === "api" ? port : workerPorts[children.length - 1];
  const child = spawn(process.execPath, [join(root, ".build", "main.mjs"), role], { env: { ...env, PORT: String(ownPort) }, cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (/listening|probes on/.test(chunk.toString())) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

const api = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init);

beforeAll(async () => {
  database = await createTestDatabase();
  env.DATABASE_URL = database.url;
  await Promise.all([startRole("api"), startRole("worker"), startRole("worker")]);
}, 60_000);
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await database?.drop();
});

test("kill -9 of the worker running a signed-in user's job: the other worker completes it, and it is saved once", async () => {
  const credentials = JSON.stringify({ email: `cluster-${Date.now()}@example.org`, password: "correct horse battery" });
  const post = (path: string) => api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
  expect((await post("/api/auth/register")).status).toBe(201);
  const auth = { Authorization: `Bearer ${((await (await post("/api/auth/login?token=1")).json()) as { token: string }).token}` };
  // A blur heavy enough to take seconds, so there is time to kill its worker mid-way.
  const image = await sharp(join(fixtures, "coffee.png")).resize(2400, 1600).jpeg({ quality: 85 }).toBuffer();
  const body = form({ image: new Blob([new Uint8Array(image)], { type: "image/jpeg" }), converter: "gaussian-blur", params: '{"sigma": 60}' }, "big.jpg");
  const res = await api("/api/conversions", { method: "POST", body, headers: auth });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };

  let firstWorker: string | undefined;
  for (let i = 0; i < 100 && !firstWorker; i++) {
    const job = JSON.parse((await redis.get(`${prefix}job:${id}`)) ?? "{}") as { status?: string; workerId?: string };
    if (job.status === "running") firstWorker = job.workerId;
    else await new Promise((r) => setTimeout(r, 50));
  }
  expect(firstWorker).toBeDefined();
  const pid = Number(firstWorker!.split(":")[1]);
  const victim = children.find((c) => c.pid === pid);
  expect(victim).toBeDefined();
  victim!.kill("SIGKILL");

  const done = await pollUntilDone((path) => api(path, { headers: auth }), id, 60_000);
  expect(done.status).toBe(200);
  expect(done.headers.get("content-type")).toBe("image/jpeg");
  const gallery = (await (await api("/api/gallery", { headers: auth })).json()) as { items: { id: string; converter: string }[] };
  expect(gallery.items).toEqual([expect.objectContaining({ id: done.headers.get("x-gallery-id"), converter: "gaussian-blur" })]);
  const job = JSON.parse((await redis.get(`${prefix}job:${id}`))!) as { attempts: number };
  expect(job.attempts).toBe(2);
}, 90_000);
