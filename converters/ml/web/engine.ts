import { ConversionError } from "../../engine/errors";
// Loads onnxruntime-web and model files in the browser worker, on first use only: the WebGPU
// build if the browser has an adapter, else the WASM build with threads and SIMD. Everything
// comes through the service worker, which keeps it (cache-first, hash-named) for offline use.
import type * as Ort from "onnxruntime-web";
import type { ModelManifest } from "../model-export";
import manifest from "./files.generated.json";

export type OrtModule = typeof Ort;
export type Backend = "webgpu" | "wasm";

const files = manifest as ModelManifest;

export interface LoadHooks {
  /** Bytes fetched so far of all the files this load needs, together. */
  onDownload: (loaded: number, total: number) => void;
  /** Which engine runs the model, for people: "WebGPU", "WASM, 4 threads". */
  onBackend: (backend: string) => void;
}

async function pickBackend(): Promise<Backend> {
  const gpu = (navigator as typeof navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return "wasm";
  try {
    return (await gpu.requestAdapter()) ? "webgpu" : "wasm";
  } catch {
    return "wasm";
  }
}

/** Fetches files in full, reporting the bytes of all of them together as they arrive. */
async function download(urls: { url: string; bytes: number }[], onDownload: LoadHooks["onDownload"]): Promise<Uint8Array[]> {
  const total = urls.reduce((sum, u) => sum + u.bytes, 0);
  let loaded = 0;
  if (urls.length) onDownload(0, total);
  return Promise.all(
    urls.map(async ({ url }) => {
      let res: Response;
      const offline = new ConversionError("failed", `The on-device model (${(total / 1e6).toFixed(0)} MB) is not downloaded yet, and this device is offline. Connect once to fetch it; it then works offline.`);
      try {
        res = await fetch(url);
      } catch {
        throw offline;
      }
      // Offline, the service worker answers what it has not cached with an error status.
      if ((!res.ok || !res.body) && typeof navigator !== "undefined" && navigator.onLine === false) throw offline;
      if (!res.ok || !res.body) throw new ConversionError("failed", `The on-device model could not be fetched (${url}: HTTP ${res.status}).`);
      const chunks: Uint8Array[] = [];
      const reader = res.body.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        chunks.push(part.value);
        loaded += part.value.length;
        onDownload(Math.min(loaded, total), total);
      }
      return new Uint8Array(await new Blob(chunks as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    }),
  );
}

export interface Engine {
  ort: OrtModule;
  backend: Backend;
}

let engine: Promise<Engine> | undefined;
let binary: Promise<Uint8Array> | undefined;
const modelBytes = new Map<string, Promise<Uint8Array>>();

/** The runtime's binary and the named models, fetched once per worker, with one progress bar. */
async function fetchAll(backend: Backend, names: string[], hooks: LoadHooks): Promise<Uint8Array[]> {
  const missing: { url: string; bytes: number; name?: string }[] = [];
  if (!binary) missing.push({ url: files.ort[backend].binary, bytes: files.ort[backend].bytes });
  for (const name of names) {
    const file = files.models[name];
    if (!file) throw new Error(`No model file is called ${name}.`);
    if (!modelBytes.has(name)) missing.push({ ...file, name });
  }
  const fetched = download(missing, hooks.onDownload);
  const forget = (name?: string) => (name ? modelBytes.delete(name) : (binary = undefined));
  missing.forEach((m, i) => {
    const one = fetched.then((all) => all[i]!);
    one.catch(() => forget(m.name));
    if (m.name) modelBytes.set(m.name, one);
    else binary = one;
  });
  return Promise.all(names.map((n) => modelBytes.get(n)!));
}

/**
 * onnxruntime-web and the named model files. The first call chooses the backend and imports
 * the runtime's module; later ones fetch only models not yet fetched.
 */
export async function loadModels(names: string[], hooks: LoadHooks): Promise<{ engine: Engine; models: Uint8Array[] }> {
  const backend = engine ? (await engine).backend : await pickBackend();
  const models = fetchAll(backend, names, hooks);
  engine ??= (async () => {
    const build = files.ort[backend];
    const wasm = await binary!;
    const ort = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ new URL(build.module, self.location.origin).href)) as OrtModule;
    ort.env.wasm.wasmPaths = new URL(files.ort.base, self.location.origin).href;
    ort.env.wasm.wasmBinary = wasm.buffer as ArrayBuffer;
    // Already in a worker: no proxy worker. Threads need the page's cross-origin isolation.
    ort.env.wasm.proxy = false;
    ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)) : 1;
    return { ort, backend };
  })().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  const [loaded, bytes] = await Promise.all([engine, models]);
  return { engine: loaded, models: bytes };
}

/** A model's facts from the manifest (its receptive margin). */
export const modelMeta = (name: string) => files.models[name]?.meta ?? {};
