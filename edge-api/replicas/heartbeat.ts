import type { ReplicaBeat, ReplicaRegistry } from "./types";

/** How often a replica says it is up; the status page calls one silent for 3 beats missing. */
export const BEAT_EVERY_MS = 2000;

/** Beats now and every BEAT_EVERY_MS; a failed beat (Redis down) is skipped, not fatal. */
export function startHeartbeat(registry: ReplicaRegistry, describe: () => ReplicaBeat, everyMs = BEAT_EVERY_MS) {
  const beat = () => void registry.beat(describe()).catch(() => {});
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await registry.leave(describe().id).catch(() => {});
    },
  };
}
