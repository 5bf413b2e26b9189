// A cluster on loopback, in production mode: N api and M worker processes (the real roles, on the
// machine's Redis and PostgreSQL), the web app, and nginx in front as the load balancer.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { startOwnPostgres, startOwnRedis } from "./stores";
import { join } from "node:path";

export interface ClusterOptions {
  apis: number;
  workers: number;
  /** Also run the web app (Next) behind nginx; tests of the API skip it. */
  web?: boolean;
  port?: number;
  env?: Record<string, string>;
  /**
   * Worker i runs on core i mod cores only (taskset), as `resources.limits.cpu: 1` holds a pod to
   * one core's worth. Unpinned, one worker's libvips threads spread over every core.
   */
  pinWorkers?: boolean;
  /**
   * Redis and PostgreSQL of the cluster's own (cluster/stores.ts) instead of the machine's, so an
   * outage drill can kill and restart them.
   */
  ownStores?: boolean;
}

interface Replica {
  name: string;
  role: "api" | "worker" | "web";
  port: number;
  /** The core it is pinned to, if any. */
  cpu?: number;
  child?: ChildProcess;
}

const root = join(import.meta.dirname, "..");
const waitFor = async (url: string, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
};

/**
 * nginx: passive health checks (a replica that fails is left out for a few seconds), and a
 * failed or refused connection is retried on the next replica, for every request: nginx never
 * retries a request it has already sent a byte of, except idempotent ones (GET, DELETE), which
 * it retries on a 502/504 too.
 */
function nginxConfig(dir: string, port: number, apis: Replica[], web?: Replica) {
  const upstream = (name: string, list: Replica[]) =>
    `upstream ${name} {\n${list.map((r) => `    server 127.0.0.1:${r.port} max_fails=1 fail_timeout=3s;`).join("\n")}\n    keepalive 32;\n  }`;
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 16m;
  ${upstream("api", apis)}
  ${web ? upstream("web", [web]) : ""}
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_connect_timeout 2s;
    proxy_read_timeout 30s;
    # Not http_503: the api says 503 when a shared store (Redis, PostgreSQL) is down or the queue is
    # full. Every replica would say the same, and counting it as a failure would take healthy
    # replicas out, and with them the conversions that do not need the store that is down.
    proxy_next_upstream error timeout http_502 http_504;
    proxy_next_upstream_tries 3;
    # When every replica is down, the client hears 503 with Retry-After, not a bare 502.
    proxy_intercept_errors off;
    error_page 502 504 = @unavailable;
    location @unavailable {
      add_header Retry-After 2 always;
      add_header Content-Type application/problem+json always;
      return 503 '{"type":"about:blank","title":"Service unavailable","status":503,"detail":"No replica could take the request; retry shortly."}';
    }
    location /api/ { proxy_pass http://api; }
    location = /healthz { proxy_pass http://api; }
    location = /readyz { proxy_pass http://api; }
    location / { ${web ? "proxy_pass http://web;" : "return 404;"} }
  }
}
`;
}

export async function startCluster(options: ClusterOptions) {
  const port = options.port ?? 8080;
  const dir = join(tmpdir(), `ie-cluster-${process.pid}-${randomBytes(3).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  const stores = options.ownStores ? { redis: await startOwnRedis(dir, port + 300), postgres: await startOwnPostgres(dir, port + 301) } : undefined;
  const env = {
    ...process.env,
    REDIS_URL: stores?.redis.url ?? "redis://127.0.0.1:6379",
    DATABASE_URL: stores?.postgres.url ?? "postgres://postgres@127.0.0.1:5432/test",
    JWT_SECRET: randomBytes(24).toString("hex"),
    REDIS_PREFIX: `cluster-${randomBytes(3).toString("hex")}:`,
    BLOB_STORE: `file://${join(dir, "blobs")}`,
    DATA_DIR: join(dir, "data"),
    // nginx is the proxy in front: its X-Forwarded-For names the client.
    TRUSTED_PROXIES: "127.0.0.1",
    // The load generators are many users on one address; the fairness drill sets its own.
    RATE_LIMIT_PER_MINUTE: "100000",
    MAX_JOBS_PER_CLIENT: "1000",
    MAX_QUEUE_DEPTH: "5000",
    ...options.env,
  };
  const replicas: Replica[] = [
    ...Array.from({ length: options.apis }, (_, i) => ({ name: `api-${i + 1}`, role: "api" as const, port: port + 1 + i })),
    ...Array.from({ length: options.workers }, (_, i) => ({
      name: `worker-${i + 1}`,
      role: "worker" as const,
      port: port + 101 + i,
      ...(options.pinWorkers && { cpu: i % availableParallelism() }),
    })),
    ...(options.web ? [{ name: "web", role: "web" as const, port: port + 200 }] : []),
  ];
  let stopping = false;
  const start = async (r: Replica) => {
    const args = r.role === "web" ? [join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(r.port)] : [join(root, ".build", "main.mjs"), r.role];
    const [command, argv] = r.cpu === undefined ? [process.execPath, args] : ["taskset", ["-c", String(r.cpu), process.execPath, ...args]];
    const log = openSync(join(dir, `${r.name}.log`), "a");
    const child = spawn(command, argv, { cwd: root, env: { ...env, PORT: String(r.port), REPLICA_NAME: r.name }, stdio: ["ignore", log, log] });
    closeSync(log);
    r.child = child;
    // A replica that dies on its own (not by kill or stop below) is a bug worth seeing.
    child.once("exit", (code, signal) => {
      if (r.child === child && !stopping) console.error(`cluster: ${r.name} exited on its own (${signal ?? `code ${code}`}); see ${join(dir, `${r.name}.log`)}`);
    });
    await waitFor(`http://127.0.0.1:${r.port}/healthz`);
  };
  // As the chart's pre-upgrade hook does: once, before any replica starts.
  execFileSync(process.execPath, [join(root, ".build", "main.mjs"), "migrate"], { cwd: root, env, stdio: "ignore" });
  await Promise.all(replicas.map(start));
  writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, port, replicas.filter((r) => r.role === "api"), replicas.find((r) => r.role === "web")));
  const nginx = spawn("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir], { stdio: ["ignore", "ignore", "inherit"] });
  await waitFor(`http://127.0.0.1:${port}/readyz`);
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    /** nginx's error.log and each replica's output (<name>.log) are here. */
    dir,
    /** With ownStores: the cluster's Redis and PostgreSQL, to kill and restart. */
    stores,
    replicas,
    /** SIGKILL, as chaoskube does. */
    kill(r: Replica) {
      r.child?.kill("SIGKILL");
      r.child = undefined;
    },
    restart: start,
    async stop() {
      stopping = true;
      nginx.kill("SIGTERM");
      for (const r of replicas) r.child?.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const r of replicas) r.child?.kill("SIGKILL");
      await Promise.all([stores?.redis.stop(), stores?.postgres.stop()]);
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
