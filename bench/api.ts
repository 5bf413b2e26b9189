// npm run bench:api: 50 connections against GET /api/jobs/{id} (a finished and a running job)
// and a hello-world route on the same server. The server runs in its own process, pinned to one
// core where taskset exists, so the load generator does not share its event loop or its core.
// The routes take turns in short rounds and each round's ratio is to that round's hello: drift
// in the machine's speed (another process, the CPU's clock) falls on both sides of a ratio.
// Two ratios per route: rps, the requests a second the load generator got through; and cpu,
// the server's own CPU time per request, hello's over the route's. They agree while the server
// is the bottleneck; for a response with a body the generator (one core, parsing every byte) can
// be the slower side, and then only cpu measures the server.
// The last line is JSON: `ratio` is the slower job route's cpu ratio (median over rounds), with
// `rpsRatio` beside it, and the larger p99.
//   -- --rounds 5 --seconds 2
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "2" } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const port = 3950;
const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
const serverScript = join(import.meta.dirname, "api-server.ts");
const pinned = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
const server = spawn(pinned ? "taskset" : tsx, pinned ? ["-c", "0", tsx, serverScript] : [serverScript], {
  env: { ...process.env, PORT: String(port) },
  stdio: ["ignore", "pipe", "inherit"],
});
const ready = await new Promise<{ finished: string; running: string }>((resolve) =>
  server.stdout!.on("data", (chunk: Buffer) => {
    const line = chunk.toString().split("\n").find((l) => l.startsWith("{"));
    if (line) resolve(JSON.parse(line));
  }),
);

const serverCpu = async () => {
  const { user, system } = (await (await fetch(`http://127.0.0.1:${port}/bench/cpu`)).json()) as { user: number; system: number };
  return user + system;
};

async function load(path: string, duration: number) {
  const before = await serverCpu();
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 50, duration });
  const cpuMicros = (await serverCpu()) - before;
  if (result.non2xx || result.errors) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, cpuPerRequest: cpuMicros / result.requests.total };
}

const routes = { hello: "/bench/hello", "same bytes, no lookup": "/bench/bytes", "job done (200, JPEG)": `/api/jobs/${ready.finished}`, "job running (202)": `/api/jobs/${ready.running}` };
type Name = keyof typeof routes;
const names = Object.keys(routes) as Name[];
// A warm-up: the JIT and the connection pool, not measured.
for (const name of names) await load(routes[name], 1);
type Sample = Awaited<ReturnType<typeof load>> & { ratio: number; cpuRatio: number };
const samples = Object.fromEntries(names.map((n) => [n, [] as Sample[]])) as Record<Name, Sample[]>;
for (let round = 0; round < rounds; round++) {
  const measured = {} as Record<Name, Awaited<ReturnType<typeof load>>>;
  for (const name of names) measured[name] = await load(routes[name], seconds);
  for (const name of names) samples[name].push({ ...measured[name], ratio: measured[name].rps / measured.hello.rps, cpuRatio: measured.hello.cpuPerRequest / measured[name].cpuPerRequest });
}
server.kill();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${rounds} rounds of ${seconds} s per route, 50 connections, server ${pinned ? "pinned to core 0" : "not pinned"}; medians over rounds`);
console.log(`${"route".padEnd(24)}${"req/s".padStart(8)}${"p99 ms".padStart(8)}${"rps".padStart(6)}${"µs cpu".padStart(8)}${"cpu".padStart(6)}  cpu ratios by round`);
for (const name of names) {
  const s = samples[name];
  const m = (f: (x: Sample) => number) => median(s.map(f));
  console.log(
    `${name.padEnd(24)}${m((x) => x.rps).toFixed(0).padStart(8)}${m((x) => x.p99).toFixed(0).padStart(8)}${m((x) => x.ratio).toFixed(2).padStart(6)}${m((x) => x.cpuPerRequest).toFixed(1).padStart(8)}${m((x) => x.cpuRatio).toFixed(2).padStart(6)}  ${s.map((x) => x.cpuRatio.toFixed(2)).join(" ")}`,
  );
}
const jobs = names.filter((n) => n.startsWith("job"));
const slowest = (f: (x: Sample) => number) => Math.min(...jobs.map((n) => median(samples[n].map(f))));
console.log(JSON.stringify({ ratio: +slowest((x) => x.cpuRatio).toFixed(3), rpsRatio: +slowest((x) => x.ratio).toFixed(3), p99ms: Math.max(...jobs.map((n) => median(samples[n].map((x) => x.p99)))) }));
