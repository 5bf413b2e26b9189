// The dream graph on onnxruntime-node. The ONNX file is written once per layer choice under the
// cache directory (DATA_DIR/models) and reused by every later process; the session takes any
// image size, so one per layer choice serves every tile and octave.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import type { GradientFn } from "../dream";
import { chosenLayers, deepestLayer, dreamModel, sessionGradient } from "../dream-model";
import type { DreamLayer } from "../meta";
import { OPSET } from "../onnx-graph";
import { loadInceptionTrunk, weightsSource } from "./inception";

/** Raise when onnx-graph.ts or inception.ts change what they write: old cached files are then ignored. */
const GRAPH_FORMAT = 1;

export function graphFile(layers: DreamLayer[], cacheDir: string): string {
  const chosen = chosenLayers(layers);
  const key = createHash("sha256")
    .update(JSON.stringify({ GRAPH_FORMAT, OPSET, weights: weightsSource(), chosen }))
    .digest("hex")
    .slice(0, 16);
  const file = join(cacheDir, `deepdream-${chosen.join("+")}-${key}.onnx`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed, so a process reading the cache never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, dreamModel(loadInceptionTrunk(deepestLayer(chosen)), chosen));
    renameSync(partial, file);
  }
  return file;
}

const sessions = new Map<string, Promise<InferenceSession>>();
const KEEP = 2;

async function session(file: string, threads: number): Promise<InferenceSession> {
  const key = `${file}#${threads}`;
  let open = sessions.get(key);
  if (open) sessions.delete(key); // re-inserted below as the most recent
  open ??= InferenceSession.create(file, {
    // The container's CPU limit (the caller's share of it), not the node's cores: more threads
    // than the cgroup grants only contend for the same quota.
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // The arena keeps its high-water mark for each tile size; without it a 1024×768 dream
    // peaks at about half the memory for a few per cent more time.
    enableCpuMemArena: false,
  });
  sessions.set(key, open);
  for (const [old, s] of sessions) {
    if (sessions.size <= KEEP) break;
    sessions.delete(old);
    void s.then((x) => x.release()).catch(() => {});
  }
  return open;
}

/** A GradientFn for the chosen layers, building or reading the cached graph. */
export async function dreamGradient(layers: DreamLayer[], cacheDir: string, threads = availableParallelism()): Promise<GradientFn> {
  const s = await session(graphFile(layers, cacheDir), Math.max(1, Math.floor(threads)));
  return sessionGradient(s, Tensor);
}
