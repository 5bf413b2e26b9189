// The resource metrics API (metrics.k8s.io/v1beta1) for the local cluster, so that the HPA
// controller's CPU metric and `kubectl top` work here. It is what metrics-server does, in the way
// metrics-server 0.3 did it: read each kubelet's Summary API (/stats/summary, whose CPU figure is
// already a rate) through the API server's node proxy, and serve NodeMetrics and PodMetrics.
// metrics-server itself cannot be built here: its source is on GitHub and its modules on the Go
// proxy, neither reachable from these machines, and Debian packages neither.
// This is the harness' addon, not the chart's: a real cluster has its own metrics-server.
import { Hono } from "hono";

export const GROUP_VERSION = "metrics.k8s.io/v1beta1";

interface Usage {
  time: string;
  usageNanoCores?: number;
  workingSetBytes?: number;
}
/** The parts of a kubelet's /stats/summary this reads. */
export interface Summary {
  node: { nodeName: string; cpu?: Usage; memory?: Usage };
  pods?: { podRef: { name: string; namespace: string }; containers?: { name: string; cpu?: Usage; memory?: Usage }[] }[];
}
export interface PodRef {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; creationTimestamp?: string };
}

/** What the app reads from the cluster: every node's summary, and pods by namespace and selector. */
export interface ClusterReader {
  summaries(): Promise<Summary[]>;
  pods(namespace: string | undefined, labelSelector: string | undefined): Promise<PodRef[]>;
}

const WINDOW = "10s";
const cpu = (u?: Usage) => `${Math.round(u?.usageNanoCores ?? 0)}n`;
const memory = (u?: Usage) => `${Math.round((u?.workingSetBytes ?? 0) / 1024)}Ki`;
const status = (code: number, reason: string, message: string) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });

export function nodeMetrics(summaries: Summary[]) {
  return summaries
    .filter((s) => s.node.cpu?.usageNanoCores !== undefined && s.node.memory?.workingSetBytes !== undefined)
    .map((s) => ({
      kind: "NodeMetrics",
      apiVersion: GROUP_VERSION,
      metadata: { name: s.node.nodeName, labels: {} as Record<string, string> },
      timestamp: s.node.cpu!.time,
      window: WINDOW,
      usage: { cpu: cpu(s.node.cpu), memory: memory(s.node.memory) },
    }));
}

/** PodMetrics for the given pods that a kubelet reports with a CPU figure for every container (as metrics-server drops incomplete ones). */
export function podMetrics(summaries: Summary[], pods: PodRef[]) {
  const stats = new Map<string, NonNullable<Summary["pods"]>[number]>();
  for (const s of summaries) for (const p of s.pods ?? []) stats.set(`${p.podRef.namespace}/${p.podRef.name}`, p);
  return pods.flatMap((pod) => {
    const stat = stats.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    const containers = stat?.containers ?? [];
    if (!containers.length || containers.some((c) => c.cpu?.usageNanoCores === undefined || c.memory?.workingSetBytes === undefined)) return [];
    return [
      {
        kind: "PodMetrics",
        apiVersion: GROUP_VERSION,
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, labels: pod.metadata.labels ?? {}, creationTimestamp: pod.metadata.creationTimestamp },
        timestamp: containers[0]?.cpu?.time,
        window: WINDOW,
        containers: containers.map((c) => ({ name: c.name, usage: { cpu: cpu(c.cpu), memory: memory(c.memory) } })),
      },
    ];
  });
}

export function resourceMetricsApp(cluster: ClusterReader) {
  const app = new Hono();
  const base = `/apis/${GROUP_VERSION}`;
  const list = (kind: string, items: unknown[]) => ({ kind, apiVersion: GROUP_VERSION, metadata: {}, items });
  app.get("/healthz", (c) => c.text("ok"));
  app.get(base, (c) =>
    c.json({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: GROUP_VERSION,
      resources: [
        { name: "nodes", singularName: "", namespaced: false, kind: "NodeMetrics", verbs: ["get", "list"] },
        { name: "pods", singularName: "", namespaced: true, kind: "PodMetrics", verbs: ["get", "list"] },
      ],
    }),
  );
  app.get(`${base}/nodes`, async (c) => c.json(list("NodeMetricsList", nodeMetrics(await cluster.summaries()))));
  app.get(`${base}/nodes/:name`, async (c) => {
    const found = nodeMetrics(await cluster.summaries()).find((n) => n.metadata.name === c.req.param("name"));
    return found ? c.json(found) : c.json(status(404, "NotFound", `nodemetrics "${c.req.param("name")}" not found`), 404);
  });
  const podsIn = async (namespace: string | undefined, selector: string | undefined) => podMetrics(await cluster.summaries(), await cluster.pods(namespace, selector));
  app.get(`${base}/pods`, async (c) => c.json(list("PodMetricsList", await podsIn(undefined, c.req.query("labelSelector")))));
  app.get(`${base}/namespaces/:namespace/pods`, async (c) => c.json(list("PodMetricsList", await podsIn(c.req.param("namespace"), c.req.query("labelSelector")))));
  app.get(`${base}/namespaces/:namespace/pods/:name`, async (c) => {
    const found = (await podsIn(c.req.param("namespace"), undefined)).find((p) => p.metadata.name === c.req.param("name"));
    return found ? c.json(found) : c.json(status(404, "NotFound", `podmetrics "${c.req.param("name")}" not found`), 404);
  });
  app.notFound((c) => c.json(status(404, "NotFound", `No ${c.req.method} ${c.req.path} here.`), 404));
  app.onError((error, c) => c.json(status(503, "ServiceUnavailable", `The kubelets could not be read: ${error.message}`), 503));
  return app;
}
