import { MemoryReplicaRegistry } from "./memory-registry";
import { replicaRegistryContract } from "./registry.contract";

replicaRegistryContract("memory", (forgetMs) => new MemoryReplicaRegistry(forgetMs));
