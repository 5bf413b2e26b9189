import { describe, expect, it } from "vitest";
import { resourceMetricsApp, type ClusterReader, type PodRef, type Summary } from "./resource-metrics";

const at = "2026-12-06T21:00:00Z";
const summaries: Summary[] = [
  {
    node: { nodeName: "node1", cpu: { time: at, usageNanoCores: 1_250_000_000 }, memory: { time: at, workingSetBytes: 2048 * 1024 * 1024 } },
    pods: [
      { podRef: { name: "worker-a", namespace: "ie" }, containers: [{ name: "worker", cpu: { time: at, usageNanoCores: 980_000_000.4 }, memory: { time: at, workingSetBytes: 512 * 1024 * 1024 } }] },
      // A container the kubelet has no CPU figure for yet: the pod is left out, not reported at 0.
      { podRef: { name: "api-new", namespace: "ie" }, containers: [{ name: "api", memory: { time: at, workingSetBytes: 1024 } }] },
    ],
  },
  { node: { nodeName: "node2", cpu: { time: at, usageNanoCores: 5 }, memory: { time: at, workingSetBytes: 4096 } }, pods: [{ podRef: { name: "api-b", namespace: "ie" }, containers: [{ name: "api", cpu: { time: at, usageNanoCores: 3_000_000 }, memory: { time: at, workingSetBytes: 100 * 1024 } }] }] },
];
const pods: PodRef[] = [
  { metadata: { name: "worker-a", namespace: "ie", labels: { component: "worker" } } },
  { metadata: { name: "api-new", namespace: "ie", labels: { component: "api" } } },
  { metadata: { name: "api-b", namespace: "ie", labels: { component: "api" } } },
];

function reader(overrides: Partial<ClusterReader> = {}) {
  const asked: { namespace?: string; selector?: string }[] = [];
  const cluster: ClusterReader = {
    summaries: async () => summaries,
    pods: async (namespace, selector) => {
      asked.push({ namespace, selector });
      return pods.filter((p) => !selector || selector === `component=${p.metadata.labels?.component}`);
    },
    ...overrides,
  };
  return { app: resourceMetricsApp(cluster), asked };
}

describe("the resource metrics API (metrics.k8s.io/v1beta1)", () => {
  it("lists its two resources for discovery, as the aggregator's availability check and kubectl ask", async () => {
    const res = await reader().app.request("/apis/metrics.k8s.io/v1beta1");
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.resources.map((r: { name: string; kind: string }) => `${r.name}:${r.kind}`)).toEqual(["nodes:NodeMetrics", "pods:PodMetrics"]);
  });

  it("gives each node's CPU in nanocores and memory in Ki, from the kubelet's summary", async () => {
    const body = await (await reader().app.request("/apis/metrics.k8s.io/v1beta1/nodes")).json();
    expect(body.kind).toBe("NodeMetricsList");
    expect(body.items.map((n: { metadata: { name: string }; usage: unknown }) => [n.metadata.name, n.usage])).toEqual([
      ["node1", { cpu: "1250000000n", memory: "2097152Ki" }],
      ["node2", { cpu: "5n", memory: "4Ki" }],
    ]);
    const one = await reader().app.request("/apis/metrics.k8s.io/v1beta1/nodes/node2");
    expect((await one.json()).usage.cpu).toBe("5n");
    expect((await reader().app.request("/apis/metrics.k8s.io/v1beta1/nodes/node9")).status).toBe(404);
  });

  it("passes the HPA's label selector on and reports only pods with a CPU figure for every container", async () => {
    const { app, asked } = reader();
    const res = await app.request("/apis/metrics.k8s.io/v1beta1/namespaces/ie/pods?labelSelector=component%3Dapi");
    const body = await res.json();
    expect(asked).toEqual([{ namespace: "ie", selector: "component=api" }]);
    expect(body.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(["api-b"]);
    expect(body.items[0].containers).toEqual([{ name: "api", usage: { cpu: "3000000n", memory: "100Ki" } }]);
    expect(body.items[0].metadata.labels).toEqual({ component: "api" });
  });

  it("finds one pod by name, and answers 404 for a pod it has no figures for", async () => {
    const { app } = reader();
    expect((await (await app.request("/apis/metrics.k8s.io/v1beta1/namespaces/ie/pods/worker-a")).json()).containers[0].usage.cpu).toBe("980000000n");
    const missing = await app.request("/apis/metrics.k8s.io/v1beta1/namespaces/ie/pods/api-new");
    expect(missing.status).toBe(404);
    expect((await missing.json()).kind).toBe("Status");
  });

  it("answers 503 with a Status when the kubelets cannot be read, so the HPA keeps its replicas", async () => {
    const { app } = reader({ summaries: async () => Promise.reject(new Error("connection refused")) });
    const res = await app.request("/apis/metrics.k8s.io/v1beta1/nodes");
    expect(res.status).toBe(503);
    expect((await res.json()).message).toContain("connection refused");
  });
});
