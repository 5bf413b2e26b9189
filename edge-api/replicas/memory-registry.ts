import { byStart, FORGET_AFTER_MS, type ReplicaBeat, type ReplicaRecord, type ReplicaRegistry } from "./types";

/** The embedded adapter: one process, so one replica, but the same rules as Redis. */
export class MemoryReplicaRegistry implements ReplicaRegistry {
  private readonly replicas = new Map<string, ReplicaRecord>();

  constructor(private readonly forgetMs = FORGET_AFTER_MS) {}

  async beat(replica: ReplicaBeat) {
    this.replicas.set(replica.id, { ...replica, lastSeen: Date.now() });
  }

  async list() {
    const now = Date.now();
    for (const [id, r] of this.replicas) if (now - r.lastSeen > this.forgetMs) this.replicas.delete(id);
    return { now, replicas: [...this.replicas.values()].sort(byStart) };
  }

  async leave(id: string) {
    this.replicas.delete(id);
  }

  async close() {}
}
