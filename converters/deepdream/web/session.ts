// Loads the on-device dream engine in the browser worker, on first use only: onnxruntime-web
// (its WebGPU build if the browser has an adapter, else the WASM build with threads and SIMD)
// and the trunk file. Both come through the service worker, which keeps them for offline use.
import type { GradientFn } from "../dream";
import type { DreamLayer } from "../meta";
import files from "./files.generated.json";
import { type Backend, type OrtModule, WebDreamRuntime } from "./runtime";

export interface LoadHooks {
  onDownload: (loaded: number, total: number) => void;
  onBackend: (backend: string) => void;
}

let loading: Promise<WebDreamRuntime> | undefined;

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
  onDownload(0, total);
  return Promise.all(
    urls.map(async ({ url }) => {
      let res: Response;
      try {
        res = await fetch(url);
      } catch {
        throw new Error(`The on-device dream engine (${(total / 1e6).toFixed(0)} MB) is not downloaded yet, and this device is offline. Connect once to fetch it; it then works offline.`);
      }
      if (!res.ok || !res.body) throw new Error(`The on-device dream engine could not be downloaded (${url}: HTTP ${res.status}).`);
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

async function load(hooks: LoadHooks): Promise<WebDreamRuntime> {
  const backend = await pickBackend();
  const build = files.ort[backend];
  const [binary, trunk] = await download([{ url: build.binary, bytes: build.bytes }, files.trunk], hooks.onDownload);
  const url = new URL(build.module, self.location.origin).href;
  const ort = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as OrtModule;
  ort.env.wasm.wasmPaths = new URL(files.ort.base, self.location.origin).href;
  ort.env.wasm.wasmBinary = binary!.buffer as ArrayBuffer;
  // Already in a worker: no proxy worker. Threads need the page's cross-origin isolation.
  ort.env.wasm.proxy = false;
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)) : 1;
  return new WebDreamRuntime(ort, trunk!, backend);
}

/** The dream gradient for the chosen layers, loading the engine first if this worker has not. */
export async function webDreamGradient(layers: DreamLayer[], hooks: LoadHooks): Promise<GradientFn> {
  loading ??= load(hooks).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  const runtime = await loading;
  const gradient = await runtime.gradient(layers);
  hooks.onBackend(runtime.description);
  return gradient;
}
