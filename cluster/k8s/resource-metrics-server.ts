// Serves resource-metrics.ts over TLS for the API server's aggregator (up.sh starts it inside the
// first node's namespace and registers it as the APIService v1beta1.metrics.k8s.io). It reads the
// cluster through the API server with a token: the nodes, each node's /stats/summary through the
// node proxy, and the pods a request selects.
import { serve } from "@hono/node-server";
import { readFileSync } from "node:fs";
import { Agent, createServer, request } from "node:https";
import { resourceMetricsApp, type ClusterReader, type PodRef, type Summary } from "./resource-metrics";

const need = (name: string) => process.env[name] ?? (console.error(`resource-metrics: ${name} is not set`), process.exit(2));
const apiserver = need("APISERVER");
const agent = new Agent({ ca: readFileSync(need("APISERVER_CA")), keepAlive: true });
const token = readFileSync(need("TOKEN_FILE"), "utf8").trim();

function get<T>(path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, apiserver), { agent, headers: { Authorization: `Bearer ${token}`, Accept: "application/json" }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode !== 200) return reject(new Error(`GET ${path} answered ${res.statusCode}: ${body.slice(0, 200)}`));
        try {
          resolve(JSON.parse(body) as T);
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

const cluster: ClusterReader = {
  async summaries() {
    const nodes = await get<{ items: { metadata: { name: string } }[] }>("/api/v1/nodes");
    // A node that does not answer (NotReady, lost) has no metrics, as with metrics-server; the rest still do.
    const settled = await Promise.allSettled(nodes.items.map((n) => get<Summary>(`/api/v1/nodes/${n.metadata.name}/proxy/stats/summary`)));
    return settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  },
  async pods(namespace, labelSelector) {
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : "";
    return (await get<{ items: PodRef[] }>(`${namespace ? `/api/v1/namespaces/${namespace}/pods` : "/api/v1/pods"}${query}`)).items;
  },
};

const [hostname, port] = need("LISTEN").split(":");
serve({
  fetch: resourceMetricsApp(cluster).fetch,
  hostname,
  port: Number(port),
  createServer,
  serverOptions: { cert: readFileSync(need("TLS_CERT")), key: readFileSync(need("TLS_KEY")) },
});
console.log(`resource metrics on https://${hostname}:${port}/apis/metrics.k8s.io/v1beta1`);
