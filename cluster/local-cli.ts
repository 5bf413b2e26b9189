// npm run cluster:local [-- --apis 2 --workers 2 --port 8080]: the cluster with the web app, until Ctrl-C.
import { startCluster } from "./local";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const cluster = await startCluster({ apis: arg("apis", 2), workers: arg("workers", 2), port: arg("port", 8080), web: true });
console.log(`cluster up at ${cluster.url} (nginx → ${cluster.replicas.map((r) => `${r.name}:${r.port}`).join(", ")}); Ctrl-C stops it`);
console.log(`live status: ${cluster.url}/status; logs: ${cluster.dir}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log("stopping…");
    void cluster.stop().then(() => process.exit(0));
  });
}
