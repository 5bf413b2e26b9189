// What a heavy converter's export.ts declares: the files its on-device runtime downloads, built
// at assets time (scripts/export-models.ts) from the weights package into public/models/.
export interface ModelExport {
  /** Stable name the device code asks for ("esrgan-x2"). */
  name: string;
  extension: "onnx" | "bin" | "jpg";
  /**
   * Everything the bytes depend on (weights package and version, file format): its hash names
   * the file, so the service worker's cache-first copy is never stale and builds are skipped
   * while it is unchanged.
   */
  source: string;
  build: () => Uint8Array;
  /** Facts the device needs before running it (a receptive margin), kept in the manifest. */
  meta?: Record<string, number | string>;
}

export interface ModelFile {
  url: string;
  bytes: number;
  meta?: Record<string, number | string>;
}

/** The manifest the browser worker's bundle carries: onnxruntime-web's files and every model. */
export interface ModelManifest {
  ort: { base: string; wasm: OrtBuild; webgpu: OrtBuild };
  models: Record<string, ModelFile>;
}

export interface OrtBuild {
  module: string;
  binary: string;
  bytes: number;
}
