// The two ways to run, as the drills drive them, each as real processes apart from the test
// runner (whose own memory would otherwise count): the embedded app (PGlite, the in-process queue,
// files in one process) and the Redis shape (an api and a worker on Redis and PostgreSQL), each
// with the memory it may use: 1.5 GB embedded, the chart's limits for the roles.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createTestDatabase } from "../test-backends";
import { freePorts } from "../testing-ports";

const MB = 1024 * 1024;

export interface Shape {
  name: "embedded" | "redis";
  /** A request from the client at `address` (a socket's address, or X-Forwarded-For through the trusted proxy). */
  request(path: string, init: RequestInit | undefined, address: string): Promise<Response>;
  /** Each process' resident memory now, in bytes, by role. */
  rss(): Record<string, number>;
  /** What each role may use: 1.5 GB embedded; the chart's limits (api 768 Mi, worker 2 Gi). */
  limits: Record<string, number>;
  /** Redis' used_memory, in the Redis shape. */
  redisBytes?(): Promise<number>;
  close(): Promise<void>;
}

/** Settings both shapes share: small held-result budget and quick limits, so the drills reach them. */
export const DRILL_ENV = {
  JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256",
  MAX_HELD_RESULT_BYTES: String(160 * MB),
};

const root = join(import.meta.dirname, "..", "..");

function startRole(role: "api" | "worker" | "embedded", env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, ".build", "main.mjs"), role], { env, cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (/listening|probes on/.test(chunk.toString())) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

/** Resident memory of a process, from /proc. */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

/** The drills name their clients in X-Forwarded-For, as an ingress would. */
const behindProxy = { TRUSTED_PROXIES: "127.0.0.1/32,::1/128" };

const viaProxy = (port: number) => (path: string, init: RequestInit = {}, address: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), "X-Forwarded-For": address } });

export async function embedded(vars: Record<string, string> = {}): Promise<Shape> {
  const dir = await mkdtemp(join(tmpdir(), "ie-drills-"));
  const [port] = await freePorts(1);
  const app = await startRole("embedded", { ...process.env, ...DRILL_ENV, ...behindProxy, DATA_DIR: dir, PORT: String(port), ...vars });
  return {
    name: "embedded",
    request: viaProxy(port),
    rss: () => ({ embedded: rssOf(app.pid!) }),
    limits: { embedded: 1.5e9 },
    async close() {
      app.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function redisShape(vars: Record<string, string> = {}): Promise<Shape> {
  const dir = await mkdtemp(join(tmpdir(), "ie-drills-"));
  const database = await createTestDatabase();
  const prefix = `drills:${randomBytes(6).toString("hex")}:`;
  const [port, workerPort] = await freePorts(2);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...DRILL_ENV,
    DATA_DIR: dir,
    DATABASE_URL: database.url,
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_PREFIX: prefix,
    BLOB_STORE: `file://${join(dir, "blobs")}`,
    ...behindProxy,
    WORKER_CONCURRENCY: "1",
    ...vars,
  };
  const api = await startRole("api", { ...env, PORT: String(port) });
  const worker = await startRole("worker", { ...env, PORT: String(workerPort) });
  const redis = new Redis("redis://127.0.0.1:6379");
  return {
    name: "redis",
    request: viaProxy(port),
    rss: () => ({ api: rssOf(api.pid!), worker: rssOf(worker.pid!) }),
    limits: { api: 768 * MB, worker: 2048 * MB },
    redisBytes: async () => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1] ?? 0),
    async close() {
      api.kill("SIGKILL");
      worker.kill("SIGKILL");
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Samples every role's RSS while `work` runs; the peak per role. */
export async function peakRss<T>(shape: Shape, work: () => Promise<T>): Promise<{ value: T; peak: Record<string, number> }> {
  const peak = shape.rss();
  const timer = setInterval(() => {
    for (const [role, bytes] of Object.entries(shape.rss())) peak[role] = Math.max(peak[role] ?? 0, bytes);
  }, 100);
  try {
    const value = await work();
    for (const [role, bytes] of Object.entries(shape.rss())) peak[role] = Math.max(peak[role] ?? 0, bytes);
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}
