// The Helm chart, rendered by a real helm and checked against the Kubernetes schemas.
import { execFileSync, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { findHelm } from "./helm";

const chart = join(import.meta.dirname, "image-editor");
const production = join(chart, "values-production.yaml");
type Manifest = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any };
let helm = "";

function render(...args: string[]): Manifest[] {
  const out = execFileSync(helm, ["template", "rel", chart, "--namespace", "editor", ...args], { encoding: "utf8", maxBuffer: 32 << 20 });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => !!m);
}

function renderFails(...args: string[]): string {
  const run = spawnSync(helm, ["template", "rel", chart, ...args], { encoding: "utf8" });
  expect(run.status, `helm template ${args.join(" ")} should fail`).not.toBe(0);
  return run.stderr;
}

const require_ = (path: string) => createRequire(import.meta.url)(`kubernetes-models/${path}`);

/** kubernetes-models' class for a manifest, for its JSON Schema validation. */
async function model(m: Manifest) {
  const module = m.apiVersion.startsWith("keda.sh/")
    ? await import(`@kubernetes-models/keda/${m.apiVersion}`)
    : await import(`kubernetes-models/${m.apiVersion.includes("/") ? m.apiVersion : `v1`}`);
  const Model = module[m.kind];
  if (!Model) throw new Error(`no kubernetes-models class for ${m.apiVersion} ${m.kind}`);
  return new Model(m);
}

const podSpec = (m: Manifest) => (m.kind === "Pod" ? m.spec : m.kind === "CronJob" ? m.spec.jobTemplate.spec.template.spec : m.spec?.template?.spec);
const byKind = (ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind);
const named = (ms: Manifest[], kind: string, suffix: string) => ms.find((m) => m.kind === kind && m.metadata.name === `rel-image-editor-${suffix}`);

beforeAll(() => {
  helm = findHelm();
}, 60_000);

it("passes helm lint, with the default values and the production file", () => {
  for (const args of [[], ["-f", production]]) {
    const out = execFileSync(helm, ["lint", chart, "--strict", ...args], { encoding: "utf8" });
    expect(out).toContain("0 chart(s) failed");
  }
});

it("bounds the in-chart Redis: noeviction under a maxmemory that leaves room in its memory limit, and fits the queue's and the held results' budgets", () => {
  const manifests = render();
  const redis = podSpec(named(manifests, "StatefulSet", "redis")!).containers[0];
  const flag = (name: string): string => redis.args[redis.args.indexOf(name) + 1];
  // Redis' units ("mb" is MiB) and Kubernetes' ("Gi", "Mi").
  const bytes = (size: string) => {
    const [, n, unit] = /^(\d+)(kb|mb|gb|Ki|Mi|Gi)$/.exec(size)!;
    return Number(n) * 1024 ** { kb: 1, Ki: 1, mb: 2, Mi: 2, gb: 3, Gi: 3 }[unit as "kb"];
  };
  expect(flag("--maxmemory-policy")).toBe("noeviction");
  const maxmemory = bytes(flag("--maxmemory"));
  // An AOF rewrite forks: the child's copy-on-write pages and the rewrite buffers need the rest.
  expect(maxmemory).toBeLessThanOrEqual(0.65 * bytes(redis.resources.limits.memory));
  const config = (named(manifests, "ConfigMap", "config") as any).data;
  expect(Number(config.MAX_HELD_RESULT_BYTES)).toBeGreaterThan(0);
  expect(Number(config.MAX_QUEUE_BYTES) + Number(config.MAX_HELD_RESULT_BYTES)).toBeLessThanOrEqual(0.75 * maxmemory);
  expect(renderFails("--set", "redis.maxmemory=lots")).toMatch(/maxmemory/);
});

// Kubernetes 1.20 (what cluster/k8s runs) and a current one (k3s): the API versions differ.
const KUBE_VERSIONS = { "1.20.2": { pdb: "policy/v1beta1", hpa: "autoscaling/v2beta2" }, "1.33.0": { pdb: "policy/v1", hpa: "autoscaling/v2" } };

describe.each([
  ["default values", "1.20.2", [] as string[]],
  ["default values", "1.33.0", [] as string[]],
  ["production values", "1.20.2", ["-f", production]],
  ["production values", "1.33.0", ["-f", production]],
] as const)("helm template with %s on Kubernetes %s", (_name, kubeVersion, args) => {
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = render(...args, "--kube-version", kubeVersion);
  });

  it("picks the PodDisruptionBudget and HPA API versions this Kubernetes serves", () => {
    const expected = KUBE_VERSIONS[kubeVersion];
    expect(new Set(byKind(manifests, "PodDisruptionBudget").map((m) => m.apiVersion))).toEqual(new Set([expected.pdb]));
    expect(new Set(byKind(manifests, "HorizontalPodAutoscaler").map((m) => m.apiVersion))).toEqual(new Set([expected.hpa]));
  });

  it("shuts pods down in order: readiness first, a delay, then exit inside the grace period; ML threads follow the CPU limit", () => {
    const env = (role: string) => Object.fromEntries(podSpec(named(manifests, "Deployment", role)!).containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env("api")).toMatchObject({ SHUTDOWN_DELAY_SECONDS: "5", SHUTDOWN_TIMEOUT_SECONDS: "25" });
    expect(env("worker")).toMatchObject({ SHUTDOWN_DELAY_SECONDS: "0", SHUTDOWN_TIMEOUT_SECONDS: "115", WORKER_DRAIN_SECONDS: "20" });
    expect(env("worker").CPU_LIMIT).toEqual({ resourceFieldRef: { containerName: "worker", resource: "limits.cpu", divisor: "1" } });
    // Server-side apply on Kubernetes before 1.22 refuses a port without its protocol (a list key).
    for (const m of manifests.filter((x) => x.kind === "Service")) for (const port of m.spec.ports) expect(port.protocol, m.metadata.name).toBe("TCP");
    for (const m of manifests.filter((x) => ["Deployment", "StatefulSet"].includes(x.kind)))
      for (const port of podSpec(m).containers[0].ports) expect(port.protocol, m.metadata.name).toBe("TCP");
  });

  it("spreads each role over nodes, and gives a lost node's pods back after 30 s rather than 300", () => {
    for (const role of ["web", "api", "worker"]) {
      const spec = podSpec(named(manifests, "Deployment", role)!);
      expect(spec.topologySpreadConstraints, role).toEqual([expect.objectContaining({ topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" })]);
      for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"])
        expect(spec.tolerations, role).toContainEqual({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 });
      // The status page names each replica's node: the downward API's, not a value to keep in step.
      expect(spec.containers[0].env, role).toContainEqual({ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } });
    }
  });

  it("renders manifests that are all valid against the Kubernetes schemas", async () => {
    expect(manifests.length).toBeGreaterThan(15);
    for (const m of manifests) {
      const instance = await model(m);
      expect(() => instance.validate(), `${m.kind} ${m.metadata.name}`).not.toThrow();
    }
  });

  it("gives every container requests, limits and a locked-down security context", () => {
    const workloads = manifests.filter((m) => ["Deployment", "StatefulSet", "Job", "Pod"].includes(m.kind));
    expect(workloads.length).toBeGreaterThanOrEqual(5);
    for (const w of workloads) {
      const spec = podSpec(w);
      const where = `${w.kind} ${w.metadata.name}`;
      expect(spec.securityContext?.runAsNonRoot, where).toBe(true);
      expect(spec.securityContext?.seccompProfile?.type, where).toBe("RuntimeDefault");
      expect(spec.automountServiceAccountToken, where).toBe(false);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const at = `${where} / ${c.name}`;
        for (const kind of ["requests", "limits"]) for (const r of ["cpu", "memory"]) expect(c.resources?.[kind]?.[r], `${at} ${kind}.${r}`).toBeDefined();
        expect(c.securityContext, at).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
        expect(c.securityContext.capabilities.drop, at).toContain("ALL");
      }
    }
  });

  it("probes the app: readiness on /readyz, liveness and startup on /healthz", () => {
    for (const role of ["web", "api", "worker"]) {
      const d = named(manifests, "Deployment", role)!;
      const [c] = podSpec(d).containers;
      expect(c.args, role).toEqual([role]);
      expect(c.readinessProbe.httpGet.path, role).toBe("/readyz");
      expect(c.livenessProbe.httpGet.path, role).toBe("/healthz");
      expect(c.startupProbe.httpGet.path, role).toBe("/healthz");
      // A config change rolls the pods.
      expect(Object.keys(d.spec.template.metadata.annotations), role).toContain("checksum/config");
      // Every writable path is an emptyDir: the root filesystem is read-only.
      expect(podSpec(d).volumes.every((v: { emptyDir?: object }) => v.emptyDir), role).toBe(true);
    }
    for (const s of byKind(manifests, "StatefulSet")) {
      const [c] = podSpec(s).containers;
      for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) expect(c[probe], `${s.metadata.name} ${probe}`).toBeDefined();
    }
  });

  it("has the HPAs, PDBs, NetworkPolicies, Ingress, migration Job and helm test", () => {
    const apiHpa = named(manifests, "HorizontalPodAutoscaler", "api")!;
    expect(apiHpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(apiHpa.spec.metrics[0].resource).toMatchObject({ name: "cpu", target: { averageUtilization: 50 } });
    const keda = args.length > 0;
    expect(!!named(manifests, "HorizontalPodAutoscaler", "worker")).toBe(!keda);
    expect(!!named(manifests, "ScaledObject", "worker")).toBe(keda);
    if (keda) {
      const trigger = named(manifests, "ScaledObject", "worker")!.spec.triggers[0];
      // Jobs wait in one Redis list per client: the depth comes from the API, not a list's length.
      expect(trigger).toMatchObject({ type: "metrics-api", metadata: { url: "http://rel-image-editor-api.editor.svc:80/api/status", valueLocation: "queue.depth", targetValue: "2" } });
      expect(named(manifests, "Deployment", "worker")!.spec.replicas).toBeUndefined();
    }
    for (const role of ["web", "api", "worker"]) expect(named(manifests, "PodDisruptionBudget", role), role).toBeDefined();

    const policies = byKind(manifests, "NetworkPolicy");
    const deny = named(manifests, "NetworkPolicy", "default-deny")!;
    expect(deny.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(deny.spec.ingress).toBeUndefined();
    expect(policies.map((p) => p.metadata.name)).toEqual(expect.arrayContaining(["rel-image-editor-from-ingress", "rel-image-editor-api-from-web", "rel-image-editor-app-egress"]));
    if (!keda) expect(policies.map((p) => p.metadata.name)).toEqual(expect.arrayContaining(["rel-image-editor-redis", "rel-image-editor-postgresql"]));

    const [ingress] = byKind(manifests, "Ingress");
    const paths = ingress!.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name]);
    expect(paths).toEqual([
      ["/api", "rel-image-editor-api"],
      ["/", "rel-image-editor-web"],
    ]);
    if (keda) expect(ingress!.metadata.annotations?.["cert-manager.io/cluster-issuer"]).toBe("letsencrypt-prod");

    // The migrations: a Job per revision, not a hook; api and worker pods wait for them to be applied.
    const job = byKind(manifests, "Job")[0]!;
    expect(job.metadata.name).toBe("rel-image-editor-migrate-1");
    expect(job.metadata.annotations?.["helm.sh/hook"]).toBeUndefined();
    expect(podSpec(job).containers[0].args).toEqual(["migrate"]);
    for (const role of ["api", "worker"]) expect(podSpec(named(manifests, "Deployment", role)!).initContainers[0].args, role).toEqual(["migrate", "--wait"]);
    expect(podSpec(named(manifests, "Deployment", "web")!).initContainers).toBeUndefined();
    const test = byKind(manifests, "Pod")[0]!;
    expect(test.metadata.annotations?.["helm.sh/hook"]).toBe("test");
    expect(podSpec(test).containers[0].args[0]).toContain("/readyz");
  });

  it("is scraped by Prometheus and ships a Grafana dashboard of the metrics the app exports", () => {
    for (const role of ["api", "worker"]) {
      expect(named(manifests, "Deployment", role)!.spec.template.metadata.annotations, role).toMatchObject({ "prometheus.io/scrape": "true", "prometheus.io/path": "/metrics" });
    }
    // The web process faces the public and serves no metrics without METRICS_TOKEN.
    expect(named(manifests, "Deployment", "web")!.spec.template.metadata.annotations).not.toHaveProperty("prometheus.io/scrape");
    const dashboard = JSON.parse((named(manifests, "ConfigMap", "dashboard") as any).data["image-editor.json"]);
    const exprs = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)).join(" ");
    for (const metric of ["http_request_duration_seconds", "queue_depth", "jobs_total", "job_duration_seconds", "worker_busy_seconds_total"]) expect(exprs).toContain(metric);
    expect(named(manifests, "NetworkPolicy", "metrics")).toBeDefined();
  });

  it("keeps secrets in a Secret (or the existing one), never in the ConfigMap", () => {
    const config = named(manifests, "ConfigMap", "config")!;
    expect(Object.keys((config as any).data)).not.toEqual(expect.arrayContaining(["JWT_SECRET"]));
    expect(JSON.stringify(config)).not.toMatch(/postgres:\/\/|redis:\/\//);
    const app = byKind(manifests, "Secret").find((s) => s.metadata.name === "rel-image-editor-secrets");
    if (args.length) expect(app).toBeUndefined();
    else expect(Object.keys((app as any).stringData).sort()).toEqual(["DATABASE_URL", "JWT_SECRET", "REDIS_URL"]);
    const env = podSpec(named(manifests, "Deployment", "api")!).containers[0].env;
    const secretName = args.length ? "image-editor-secrets" : "rel-image-editor-secrets";
    expect(env.find((e: any) => e.name === "DATABASE_URL").valueFrom.secretKeyRef.name).toBe(secretName);
  });
});

it("rejects values that break the schema, or leave the stores unset", () => {
  expect(renderFails("--set", "api.replicaCount=-1")).toMatch(/replicaCount.*minimum/s);
  expect(renderFails("--set", "worker.concurrency=0")).toMatch(/concurrency/);
  expect(renderFails("--set", "image.pullPolicy=Sometimes")).toMatch(/pullPolicy/);
  expect(renderFails("--set", "secrets.jwtSecret=short")).toMatch(/jwtSecret/);
  expect(renderFails("--set", "api.autoscaling.targetCPUUtilizationPercentage=150")).toMatch(/targetCPUUtilizationPercentage/);
  expect(renderFails("--set", "containerSecurityContext.allowPrivilegeEscalation=true")).toMatch(/allowPrivilegeEscalation/);
  expect(renderFails("--set", "unknownKey=1")).toMatch(/unknownKey|additional/i);
  expect(renderFails("--set", "redis.enabled=false")).toMatch(/secrets.redisUrl/);
  expect(renderFails("--set", "postgresql.enabled=false")).toMatch(/secrets.databaseUrl/);
  expect(renderFails("-f", production, "--set", "config.statusPage=off")).toMatch(/keda.enabled reads the queue depth.*statusPage/);
});

it("leaves placement to the scheduler when told, keeps a role's own tolerations, and takes the node-loss wait from its value", () => {
  const manifests = render("--set", "scheduling.spreadAcrossNodes=false", "--set", "scheduling.nodeLossTolerationSeconds=10", "--set", "worker.tolerations[0].key=gpu", "--set", "worker.tolerations[0].operator=Exists");
  for (const role of ["web", "api", "worker"]) {
    const spec = podSpec(named(manifests, "Deployment", role)!);
    expect(spec.topologySpreadConstraints, role).toBeUndefined();
    expect(spec.tolerations.filter((t: { tolerationSeconds?: number }) => t.tolerationSeconds === 10), role).toHaveLength(2);
  }
  expect(podSpec(named(manifests, "Deployment", "worker")!).tolerations).toContainEqual({ key: "gpu", operator: "Exists" });
  expect(renderFails("--set", "scheduling.nodeLossTolerationSeconds=-1")).toMatch(/nodeLossTolerationSeconds/);
});

describe.each(["1.20.2", "1.33.0"])("workers scaled on the queue, on Kubernetes %s", (kubeVersion) => {
  let manifests: Manifest[] = [];
  beforeAll(() => {
    manifests = render("--set", "worker.autoscaling.metric=queue", "--kube-version", kubeVersion);
  });

  it("aims the workers' HPA at jobs per worker from the external metrics API, and leaves the api's on CPU", () => {
    const hpa = named(manifests, "HorizontalPodAutoscaler", "worker")!;
    expect(hpa.spec.metrics).toEqual([{ type: "External", external: { metric: { name: "image_editor_jobs" }, target: { type: "AverageValue", averageValue: "1" } } }]);
    expect(named(manifests, "HorizontalPodAutoscaler", "api")!.spec.metrics[0].type).toBe("Resource");
  });

  it("registers the api pods as external.metrics.k8s.io over TLS, with a certificate for the Service that the caBundle signs", async () => {
    const service = named(manifests, "Service", "external-metrics")!;
    const apiService = manifests.find((m) => m.kind === "APIService")!;
    expect(apiService.metadata.name).toBe("v1beta1.external.metrics.k8s.io");
    expect(apiService.spec).toMatchObject({ group: "external.metrics.k8s.io", version: "v1beta1", service: { name: service.metadata.name, namespace: "editor", port: 443 } });
    expect(() => new (require_("apiregistration.k8s.io/v1").APIService)(apiService).validate()).not.toThrow();
    const secret = named(manifests, "Secret", "external-metrics-tls") as Manifest & { data: Record<string, string> };
    const cert = new X509Certificate(Buffer.from(secret.data["tls.crt"]!, "base64"));
    const ca = new X509Certificate(Buffer.from(apiService.spec.caBundle, "base64"));
    expect(cert.checkHost(`${service.metadata.name}.editor.svc`)).toBeTruthy();
    expect(cert.verify(ca.publicKey)).toBe(true);
    // The api pods serve it on the port the Service targets, from the Secret, as the ConfigMap says.
    const api = podSpec(named(manifests, "Deployment", "api")!);
    expect(api.containers[0].ports).toContainEqual({ name: "ext-metrics", containerPort: 6443, protocol: "TCP" });
    expect(api.volumes).toContainEqual({ name: "external-metrics-tls", secret: { secretName: secret.metadata.name } });
    expect(api.containers[0].volumeMounts).toContainEqual({ name: "external-metrics-tls", mountPath: "/etc/external-metrics", readOnly: true });
    expect(podSpec(named(manifests, "Deployment", "worker")!).volumes.map((v: { name: string }) => v.name)).not.toContain("external-metrics-tls");
    // A port's name is an IANA service name, at most 15 characters: the API server refuses more,
    // and the JSON schemas do not say so.
    for (const m of manifests.filter((x) => ["Deployment", "StatefulSet"].includes(x.kind)))
      for (const port of podSpec(m).containers.flatMap((c: { ports?: { name?: string }[] }) => c.ports ?? [])) expect(port.name?.length ?? 0, `${m.metadata.name} ${port.name}`).toBeLessThanOrEqual(15);
    for (const m of manifests.filter((x) => x.kind === "Service")) for (const port of m.spec.ports) expect(String(port.targetPort).length, m.metadata.name).toBeLessThanOrEqual(15);
  });

  it("is off with the CPU metric and beside KEDA, which would own the same API", () => {
    for (const args of [[], ["--set", "worker.autoscaling.metric=queue", "--set", "keda.enabled=true"]]) {
      const rendered = render(...args, "--kube-version", kubeVersion);
      expect(rendered.filter((m) => m.kind === "APIService")).toEqual([]);
      expect(named(rendered, "Service", "external-metrics")).toBeUndefined();
    }
  });
});
