// kubectl and helm against the cluster of cluster/k8s, from the host: both run inside its network
// namespace (nsenter), where the API server and the Services live.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { findHelm } from "../../charts/helm";

const root = join(import.meta.dirname, "..", "..");
export const work = process.env.K8S_WORK ?? join(root, ".k8s");
const netns = process.env.K8S_NETNS ?? "image-editor-k8s";
const bin = join(process.env.K8S_CACHE ?? "/var/cache/image-editor-k8s", "kubernetes-v1.20.2", "bin");
export const namespace = process.env.K8S_NAMESPACE ?? "image-editor";
export const release = process.env.K8S_RELEASE ?? "ie";
export const fullname = `${release}-image-editor`;
export const kubeconfig = join(work, "admin.kubeconfig");
export const baseUrl = () => readFileSync(join(work, "url"), "utf8").trim();
export const chart = join(root, "charts", "image-editor");
export const localValues = join(root, "cluster", "k8s", "values-local.yaml");

const nsenter = (command: string, args: string[]) => ["--net=/run/netns/" + netns, command, ...args];
const kubectlArgs = (args: string[]) => nsenter(join(bin, "kubectl"), ["--kubeconfig", kubeconfig, "-n", namespace, ...args]);

/** kubectl in the release's namespace; a first argument { input } is its standard input. */
export function kubectl(...args: [{ input: string }, ...string[]] | string[]): string {
  const input = typeof args[0] === "object" ? (args.shift() as { input: string }).input : undefined;
  return execFileSync("nsenter", kubectlArgs(args as string[]), { encoding: "utf8", maxBuffer: 64 << 20, input, stdio: ["pipe", "pipe", "pipe"] });
}

export const kubectlAsync = async (...args: string[]) =>
  (await promisify(execFile)("nsenter", kubectlArgs(args), { maxBuffer: 64 << 20 })).stdout;

export async function helm(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("nsenter", nsenter(findHelm(), [...args, "--kubeconfig", kubeconfig, "--namespace", namespace]), { maxBuffer: 64 << 20 });
  return stdout;
}

export interface Pod {
  metadata: { name: string; labels: Record<string, string>; creationTimestamp: string; deletionTimestamp?: string };
  spec: { containers: { name: string }[]; nodeName?: string };
  status: { phase: string; conditions?: { type: string; status: string; lastTransitionTime: string }[]; containerStatuses?: { ready: boolean; restartCount: number }[] };
}

export function pods(component?: string): Pod[] {
  const selector = component ? ["-l", `app.kubernetes.io/component=${component}`] : [];
  return (JSON.parse(kubectl("get", "pods", "-o", "json", ...selector)) as { items: Pod[] }).items;
}

export const isReady = (p: Pod) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
export const readyAt = (p: Pod) => p.status.conditions?.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime;

/** Watches the app pods once a second and records each change: created, ready, terminating, gone. */
export function podTimeline() {
  const lines: string[] = [];
  const seen = new Map<string, string>();
  const t0 = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const now = new Map<string, string>();
        for (const p of JSON.parse(await kubectlAsync("get", "pods", "-o", "json")).items as Pod[]) {
          const role = p.metadata.labels["app.kubernetes.io/component"];
          if (!["web", "api", "worker", "migrate"].includes(role ?? "")) continue;
          const state = p.metadata.deletionTimestamp ? "terminating" : isReady(p) ? "ready" : p.status.phase === "Succeeded" ? "completed" : "starting";
          now.set(p.metadata.name, state);
          if (seen.get(p.metadata.name) !== state) lines.push(`+${((Date.now() - t0) / 1000).toFixed(0)}s ${p.metadata.name} ${state}`);
        }
        for (const name of seen.keys()) if (!now.has(name)) lines.push(`+${((Date.now() - t0) / 1000).toFixed(0)}s ${name} gone`);
        seen.clear();
        for (const [k, v] of now) seen.set(k, v);
      } catch {
        // the API server is busy; look again
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    lines,
    async stop() {
      stopped = true;
      await loop;
      return lines;
    },
  };
}

export const APP_ROLES = ["web", "api", "worker"] as const;
type Role = (typeof APP_ROLES)[number];
export const isAppPod = (p: Pod) => (APP_ROLES as readonly string[]).includes(p.metadata.labels["app.kubernetes.io/component"] ?? "");
export interface Sample {
  /** The workers' Deployment's replicas: the HPA's decision. */
  workerReplicas: number;
  /** Ready pods per role, and per role and node ("worker@node2"). */
  ready: Record<string, number> & Record<Role, number>;
}

/**
 * Samples the app's pods and the workers' Deployment once a second: the replica count over time
 * (a line whenever it or the ready pods per node change), each role's fewest and most ready pods,
 * and samples for a test to wait on.
 */
export function clusterWatch() {
  const t0 = Date.now();
  const lines: string[] = [];
  const fewest: Record<string, number> = {};
  const most: Record<string, number> = {};
  let latest: Sample | undefined;
  let stopped = false;
  const waiters = new Set<() => void>();
  const loop = (async () => {
    while (!stopped) {
      try {
        const list = JSON.parse(await kubectlAsync("get", "pods,deployments", "-o", "json")).items as (Pod & { kind: string; spec: { replicas?: number } })[];
        const ready = { web: 0, api: 0, worker: 0 } as Sample["ready"];
        let workerReplicas = 0;
        for (const item of list) {
          const role = item.metadata.labels?.["app.kubernetes.io/component"] as Role | undefined;
          if (!role || !APP_ROLES.includes(role)) continue;
          if (item.kind === "Deployment") {
            if (role === "worker") workerReplicas = item.spec.replicas ?? 0;
          } else if (isReady(item)) {
            ready[role] = (ready[role] ?? 0) + 1;
            ready[`${role}@${item.spec.nodeName}`] = (ready[`${role}@${item.spec.nodeName}`] ?? 0) + 1;
          }
        }
        const at = (Date.now() - t0) / 1000;
        const describe = (x: Sample) => `workers ${x.workerReplicas} wanted; ready ${Object.entries(x.ready).filter(([k]) => k.includes("@")).sort().map(([k, n]) => `${k} ${n}`).join(", ")}`;
        const next = { workerReplicas, ready };
        if (!latest || describe(latest) !== describe(next)) lines.push(`+${at.toFixed(0)}s ${describe(next)}`);
        latest = next;
        for (const role of APP_ROLES) {
          fewest[role] = Math.min(fewest[role] ?? Infinity, ready[role] ?? 0);
          most[role] = Math.max(most[role] ?? 0, ready[role] ?? 0);
        }
        for (const wake of waiters) wake();
      } catch {
        // the API server is busy; look again
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    lines,
    fewest,
    most,
    /** Resolves with the first sample that satisfies `test`, or rejects after `seconds`. */
    until(test: (s: Sample) => boolean, seconds: number, what: string): Promise<Sample> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`${what}: not seen in ${seconds} s (last: ${lines.at(-1) ?? "no sample"})`));
        }, seconds * 1000);
        const wake = () => {
          if (latest && test(latest)) {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve(latest);
          }
        };
        waiters.add(wake);
        wake();
      });
    },
    /** Clears the fewest/most counts, for a new phase. */
    resetExtremes() {
      for (const k of Object.keys(fewest)) delete fewest[k];
      for (const k of Object.keys(most)) delete most[k];
    },
    async stop() {
      stopped = true;
      await loop;
      return lines;
    },
  };
}
