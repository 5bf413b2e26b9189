import { randomBytes } from "node:crypto";
import { RedisReplicaRegistry } from "./redis-registry";
import { replicaRegistryContract } from "./registry.contract";

// The real Redis on this machine and CI's; each test gets its own key prefix.
const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
replicaRegistryContract("Redis", (forgetMs) => new RedisReplicaRegistry(url, `test:${randomBytes(6).toString("hex")}:`, forgetMs));
