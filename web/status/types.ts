// GET /api/status's shape is the contract's (generated from the route's schema).
export type { ClusterStatus } from "../../contract/client";

/** One poll of the status page, as it went. */
export interface RequestLine {
  at: number;
  status: number | "network error";
  servedBy: string;
  ms: number;
}

/**
 * A steady colour per replica, so the request log and the table match at a glance: one of ten
 * hues from cyan to violet, never the red or green that say a replica's state.
 */
export function replicaHue(id: string): number {
  // FNV-1a, so ids that differ in one digit (pids) land far apart among the hues.
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return 180 + ((h >>> 0) % 10) * 13;
}

/** A replica silent for three heartbeats is missing; its dot turns red. */
export const replicaState = (silentMs: number, beatEveryMs: number): "up" | "missing" => (silentMs > 3 * beatEveryMs ? "missing" : "up");

export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}
