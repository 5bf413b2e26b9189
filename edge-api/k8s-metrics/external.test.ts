// What the workers' HPA reads through the kube-apiserver's aggregator: discovery, the jobs metric
// (queued plus converting, over the workers), and Kubernetes Status objects for what it is not.
import { expect, test } from "vitest";
import type { ReplicaRecord } from "../replicas/types";
import { externalMetricsApp, GROUP_VERSION, JOBS_METRIC } from "./external";

const replica = (id: string, role: ReplicaRecord["role"], busy: number): ReplicaRecord => ({ id, role, busy, processed: 0, startedAt: 0, lastSeen: 0 });
const at = new Date("2026-12-06T18:00:00Z");

function app(depth: number | Error, replicas: ReplicaRecord[]) {
  return externalMetricsApp({
    queue: { stats: async () => (depth instanceof Error ? Promise.reject(depth) : { depth, queuedSeconds: 0, queuedBytes: 0, heldResultBytes: 0, speedRatio: 1 }) },
    replicas: { list: async () => ({ now: 0, replicas }) },
    now: () => at,
  });
}

test("discovery names the one metric, namespaced, as an ExternalMetricValueList", async () => {
  const res = await app(0, []).request(`/apis/${GROUP_VERSION}`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ kind: "APIResourceList", groupVersion: GROUP_VERSION, resources: [{ name: JOBS_METRIC, namespaced: true, kind: "ExternalMetricValueList", verbs: ["get"] }] });
});

test("the jobs metric is the queue's depth plus the jobs the workers are converting, in any namespace", async () => {
  const metrics = app(7, [replica("worker-a", "worker", 1), replica("worker-b", "worker", 2), replica("api-a", "api", 3)]);
  const res = await metrics.request(`/apis/${GROUP_VERSION}/namespaces/editor/${JOBS_METRIC}`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    kind: "ExternalMetricValueList",
    apiVersion: GROUP_VERSION,
    metadata: {},
    items: [{ metricName: JOBS_METRIC, metricLabels: {}, timestamp: at.toISOString(), value: "10" }],
  });
});

test("another metric or path is a 404 Status, and a queue that cannot be read a 503, not a guess", async () => {
  const unknown = await app(0, []).request(`/apis/${GROUP_VERSION}/namespaces/editor/cpu`);
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ kind: "Status", status: "Failure", code: 404, reason: "NotFound" });
  expect((await app(0, []).request("/api/status")).status).toBe(404);
  const down = await app(new Error("redis down"), []).request(`/apis/${GROUP_VERSION}/namespaces/editor/${JOBS_METRIC}`);
  expect(down.status).toBe(503);
  expect(await down.json()).toMatchObject({ kind: "Status", code: 503, reason: "ServiceUnavailable" });
});
