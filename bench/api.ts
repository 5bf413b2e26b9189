// npm run bench:api: 50 connections against GET /api/jobs/{id} (a finished and a running job)
// and a hello-world route on the same server, each for 10 s. The server runs in its own
// process, so the load generator does not share its event loop.
import { spawn } from "node:child_process";
import { join } from "node:path";
import autocannon from "autocannon";

const port = 3950;
const server = spawn(join(import.meta.dirname, "..", "node_modules", ".bin", "tsx"), [join(import.meta.dirname, "api-server.ts")], {
  env: { ...process.env, PORT: String(port) },
  stdio: ["ignore", "pipe", "inherit"],
});
const ready = await new Promise<{ finished: string; running: string }>((resolve) =>
  server.stdout!.on("data", (chunk: Buffer) => {
    const line = chunk.toString().split("\n").find((l) => l.startsWith("{"));
    if (line) resolve(JSON.parse(line));
  }),
);

async function load(path: string) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 50, duration: 10 });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

const rows: Record<string, Awaited<ReturnType<typeof load>>> = {};
rows.hello = await load("/bench/hello");
rows["same bytes, no lookup"] = await load("/bench/bytes");
rows["job done (200, JPEG)"] = await load(`/api/jobs/${ready.finished}`);
rows["job running (202)"] = await load(`/api/jobs/${ready.running}`);
server.kill();

console.log(`${"route".padEnd(28)}${"req/s".padStart(9)}${"p99 ms".padStart(9)}${"ratio".padStart(8)}`);
for (const [name, r] of Object.entries(rows)) {
  console.log(`${name.padEnd(28)}${r.rps.toFixed(0).padStart(9)}${r.p99.toFixed(0).padStart(9)}${(r.rps / rows.hello!.rps).toFixed(2).padStart(8)}`);
}
const jobs = Object.entries(rows).filter(([name]) => name.startsWith("job")).map(([, r]) => r);
const ratio = Math.min(...jobs.map((r) => r.rps)) / rows.hello!.rps;
console.log(JSON.stringify({ ratio: +ratio.toFixed(3), p99ms: Math.max(...jobs.map((r) => r.p99)) }));
