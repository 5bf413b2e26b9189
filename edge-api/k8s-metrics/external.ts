// Kubernetes' external metrics API (external.metrics.k8s.io/v1beta1), as prometheus-adapter and
// KEDA serve it, for the workers' HPA: the jobs in the system (queued and running), so workers
// scale on the queue rather than on CPU. A worker on a 60 s dream is busy at 100 % of one core
// either way; forty queued jobs say how many workers are wanted. The kube-apiserver's aggregator
// proxies to this over TLS (the chart's APIService); it is no route of the app's HTTP contract.
import { Hono } from "hono";
import type { JobQueue } from "../jobs/types";
import type { ReplicaRegistry } from "../replicas";

export const GROUP_VERSION = "external.metrics.k8s.io/v1beta1";
/** Jobs queued plus jobs converting now, over every worker. */
export const JOBS_METRIC = "image_editor_jobs";

/** A Kubernetes Status object, as the aggregator passes errors on. */
const status = (code: number, reason: string, message: string) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });

export function externalMetricsApp({ queue, replicas, now = () => new Date() }: { queue: Pick<JobQueue, "stats">; replicas: Pick<ReplicaRegistry, "list">; now?: () => Date }) {
  const app = new Hono();
  const base = `/apis/${GROUP_VERSION}`;
  app.get(base, (c) =>
    c.json({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: GROUP_VERSION,
      resources: [{ name: JOBS_METRIC, singularName: "", namespaced: true, kind: "ExternalMetricValueList", verbs: ["get"] }],
    }),
  );
  app.get(`${base}/namespaces/:namespace/:metric`, async (c) => {
    const metric = c.req.param("metric");
    if (metric !== JOBS_METRIC) return c.json(status(404, "NotFound", `No external metric "${metric}": this adapter serves ${JOBS_METRIC}.`), 404);
    try {
      const [stats, list] = await Promise.all([queue.stats(), replicas.list()]);
      const running = list.replicas.reduce((sum, r) => sum + (r.role === "worker" || r.role === "embedded" ? r.busy : 0), 0);
      return c.json({
        kind: "ExternalMetricValueList",
        apiVersion: GROUP_VERSION,
        metadata: {},
        items: [{ metricName: JOBS_METRIC, metricLabels: {}, timestamp: now().toISOString(), value: String(stats.depth + running) }],
      });
    } catch {
      // The HPA keeps its replicas while the metric is unavailable, rather than acting on a guess.
      return c.json(status(503, "ServiceUnavailable", "The job queue cannot be read just now."), 503);
    }
  });
  app.notFound((c) => c.json(status(404, "NotFound", `No ${c.req.method} ${c.req.path} here.`), 404));
  return app;
}
