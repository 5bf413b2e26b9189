/// <reference lib="webworker" />
// The one worker that touches pixels in the browser. The page talks to it through comlink
// (web/worker/bridge.ts); converters and the pipeline are the same modules the server runs.
import * as Comlink from "comlink";
import { runPipeline, type PipelineRequest, type PipelineResult } from "../../converters/pipeline";
import type { VipsModule } from "../../converters/types";
import { queueHandles, withHandles } from "../../converters/vips-handles";

declare const self: DedicatedWorkerGlobalScope;

const VIPS_BASE = "/vendor/wasm-vips/";
let loading: Promise<VipsModule> | undefined;

async function loadVips(): Promise<VipsModule> {
  // Without isolation there is no SharedArrayBuffer and wasm-vips would hang, not fail.
  if (!self.crossOriginIsolated) {
    throw new Error("This page is not cross-origin isolated, so the on-device image engine cannot start.");
  }
  const url = new URL(`${VIPS_BASE}vips-es6.js`, self.location.origin).href;
  const { default: Vips } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as {
    default: (options: object) => Promise<VipsModule>;
  };
  const vips = await Vips({
    dynamicLibraries: ["vips-heif.wasm"],
    locateFile: (file: string) => `${VIPS_BASE}${file}`,
  });
  // In the browser wasm-vips defaults to a single thread.
  vips.concurrency(Math.max(1, self.navigator.hardwareConcurrency || 1));
  return queueHandles(vips);
}

const api = {
  async process(input: ArrayBuffer, request: PipelineRequest): Promise<PipelineResult> {
    loading ??= loadVips().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    const vips = await loading;
    // The pipeline is synchronous, so no other call's images are alive when these are freed.
    const result = await withHandles(vips, () => runPipeline(vips, new Uint8Array(input), request));
    return Comlink.transfer(result, [result.data.buffer as ArrayBuffer]);
  },
};

export type VipsWorkerApi = typeof api;
Comlink.expose(api);
