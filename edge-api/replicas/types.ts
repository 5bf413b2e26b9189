// Who is up: every api and worker process writes a heartbeat here, and the status page reads
// them. The production adapter shares them through Redis; the embedded one has one process.

/** web: the Next process of a split deployment (it serves pages; /api goes to the api replicas). */
export type ReplicaRole = "embedded" | "web" | "api" | "worker";

export interface ReplicaBeat {
  /** hostname:pid, as in X-Served-By (the pod name in the cluster). */
  id: string;
  role: ReplicaRole;
  startedAt: number;
  /** Jobs converting right now (workers). */
  busy: number;
  /** Jobs this process has finished since it started (workers). */
  processed: number;
  /** Conversions it runs at once (WORKER_CONCURRENCY); 0 for a process that runs none. */
  slots?: number;
  /** The node it runs on (NODE_NAME), where it has one: a cluster's Kubernetes node. */
  node?: string;
}

export interface ReplicaRecord extends ReplicaBeat {
  /** When the registry last heard from it, on the registry's clock. */
  lastSeen: number;
}

export interface ReplicaList {
  /** The registry's clock, so "seen 3 s ago" holds whatever the reader's clock says. */
  now: number;
  replicas: ReplicaRecord[];
}

/** The order both adapters list in: oldest first. */
export function byStart(a: ReplicaRecord, b: ReplicaRecord) {
  return a.startedAt - b.startedAt || a.id.localeCompare(b.id);
}

/** A replica unheard this long is dropped from the list; a killed one lingers until then. */
export const FORGET_AFTER_MS = 60_000;

export interface ReplicaRegistry {
  beat(replica: ReplicaBeat): Promise<void>;
  /** Replicas heard from within FORGET_AFTER_MS (or the adapter's own), oldest first; older ones are removed. */
  list(): Promise<ReplicaList>;
  /** A clean shutdown says goodbye rather than lingering. */
  leave(id: string): Promise<void>;
  close(): Promise<void>;
}
