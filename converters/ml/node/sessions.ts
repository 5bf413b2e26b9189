// onnxruntime-node sessions for every model: ONNX files generated once into the cache directory
// (DATA_DIR/models), named by a hash of what they are built from, and a few open sessions kept,
// least recently used closed first.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { LRUCache } from "lru-cache";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { OPSET } from "../onnx-writer";

export { Tensor };

/**
 * The model's file in the cache, built by `build` the first time. `source` names everything the
 * bytes depend on (weights package and version, graph format): a change makes a new file.
 */
export function cachedModelFile(cacheDir: string, name: string, source: unknown, build: () => Uint8Array): string {
  const key = createHash("sha256").update(JSON.stringify({ OPSET, source })).digest("hex").slice(0, 16);
  const file = join(cacheDir, `${name}-${key}.onnx`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a process reading the cache never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, build());
    renameSync(partial, file);
  }
  return file;
}

/** Two: a worker thread alternating two layer choices or two scales keeps both open. */
const sessions = new LRUCache<string, Promise<InferenceSession>>({
  max: 2,
  dispose: (session) => void session.then((s) => s.release()).catch(() => {}),
});

/** An open session on the file, with `threads` intra-op threads (the job's share of the CPU limit). */
export function openSession(file: string, threads = availableParallelism()): Promise<InferenceSession> {
  const n = Math.max(1, Math.floor(threads));
  const key = `${file}#${n}`;
  let open = sessions.get(key);
  if (!open) {
    open = InferenceSession.create(file, {
      // The container's CPU limit, not the node's cores: more threads than the cgroup grants only contend.
      intraOpNumThreads: n,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      // The arena keeps its high-water mark for each tile size; without it memory peaks at about
      // half for a few per cent more time.
      enableCpuMemArena: false,
    });
    sessions.set(key, open);
    open.catch(() => sessions.delete(key));
  }
  return open;
}
