// Redis and PostgreSQL of a cluster's own, for outage drills: they can be SIGKILLed and
// restarted without touching the machine's shared ones. Configured as the chart runs them:
// Redis with an fsynced AOF, PostgreSQL with its WAL, so what they acknowledged survives.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface OwnStore {
  name: "redis" | "postgres";
  url: string;
  /** SIGKILL, as a crashed node or an OOM kill would. */
  kill(): void;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up`);
    await sleep(200);
  }
}

const succeeds = (file: string, args: string[]) => {
  try {
    execFileSync(file, args, { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
};

function store(name: OwnStore["name"], url: string, launch: () => ChildProcess, ready: () => boolean): OwnStore & { start(): Promise<void> } {
  let child: ChildProcess | undefined;
  const start = async () => {
    child = launch();
    await until(ready, name);
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      // The whole process group: PostgreSQL's backends must not outlive their postmaster.
      if (child?.pid) process.kill(-child.pid, name);
    } catch {
      // gone already
    }
  };
  const kill = () => {
    signal("SIGKILL");
    child = undefined;
  };
  return {
    name,
    url,
    start,
    kill,
    restart: start,
    async stop() {
      signal("SIGTERM");
      await sleep(500);
      kill();
    },
  };
}

export async function startOwnRedis(dir: string, port: number) {
  const data = join(dir, "redis");
  mkdirSync(data, { recursive: true });
  const redis = store(
    "redis",
    `redis://127.0.0.1:${port}`,
    () => {
      const log = openSync(join(data, "redis.log"), "a");
      const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"], {
        detached: true,
        stdio: ["ignore", log, log],
      });
      closeSync(log);
      return child;
    },
    () => succeeds("redis-cli", ["-p", String(port), "ping"]),
  );
  await redis.start();
  return redis;
}

export async function startOwnPostgres(dir: string, port: number) {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort() : [];
  if (versions.length === 0) throw new Error("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin).");
  const bin = join("/usr/lib/postgresql", versions.at(-1)!, "bin");
  // PostgreSQL refuses to run as root: it runs as the postgres user, in folders it owns.
  const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"]).toString()));
  const data = join(dir, "postgres");
  const socket = join(dir, "postgres-socket");
  for (const d of [data, socket]) {
    mkdirSync(d, { recursive: true });
    chownSync(d, uid!, gid!);
  }
  const asPostgres = ["--reuid=postgres", "--regid=postgres", "--init-groups"];
  execFileSync("setpriv", [...asPostgres, join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], { stdio: "ignore" });
  const postgres = store(
    "postgres",
    `postgres://postgres@127.0.0.1:${port}/postgres`,
    () => {
      const log = openSync(join(dir, "postgres.log"), "a");
      const child = spawn("setpriv", [...asPostgres, join(bin, "postgres"), "-D", data, "-p", String(port), "-k", socket, "-c", "listen_addresses=127.0.0.1"], {
        detached: true,
        stdio: ["ignore", log, log],
      });
      closeSync(log);
      return child;
    },
    () => succeeds(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-q"]),
  );
  await postgres.start();
  return postgres;
}
