import type { Env } from "../env";
import { MemoryReplicaRegistry } from "./memory-registry";
import { RedisReplicaRegistry } from "./redis-registry";
import type { ReplicaRegistry } from "./types";

export type { ReplicaRegistry } from "./types";

/** Redis when the processes are apart, in-process when everything is one. */
export function openReplicaRegistry(env: Env): ReplicaRegistry {
  return env.REDIS_URL ? new RedisReplicaRegistry(env.REDIS_URL, env.REDIS_PREFIX) : new MemoryReplicaRegistry();
}
