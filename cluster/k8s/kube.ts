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
  spec: { containers: { name: string }[] };
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
