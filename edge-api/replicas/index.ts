// The replica registry port; the switchboard (../backends.ts) picks its adapter.
export type { ReplicaRegistry } from "./types";
