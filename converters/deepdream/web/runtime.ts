// The dream graph on onnxruntime-web, whichever of its builds is loaded: the browser worker's
// (web/session.ts) and the benchmark's in Node. The trunk is dequantised once; a session per
// layer choice is kept while the worker lives.
import type * as Ort from "onnxruntime-web";
import type { GradientFn } from "../dream";
import { chosenLayers, dreamModel, sessionGradient } from "../dream-model";
import { trunkNet } from "../inception";
import { DREAM_LAYERS, type DreamLayer } from "../meta";
import type { Net } from "../net";
import { decodeTrunk } from "../trunk-file";

export type OrtModule = typeof Ort;
export type Backend = "webgpu" | "wasm";

export class WebDreamRuntime {
  private readonly trunk: Net;
  private current: { key: string; session: Promise<Ort.InferenceSession> } | undefined;

  constructor(
    private readonly ort: OrtModule,
    trunkFile: Uint8Array,
    readonly backend: Backend,
  ) {
    this.trunk = trunkNet(decodeTrunk(trunkFile), DREAM_LAYERS.at(-1)!);
  }

  /** For people: which engine dreams. */
  get description(): string {
    return this.backend === "webgpu" ? "WebGPU" : `WASM, ${this.ort.env.wasm.numThreads ?? 1} threads`;
  }

  async gradient(layers: DreamLayer[]): Promise<GradientFn> {
    const key = chosenLayers(layers).join("+");
    if (this.current?.key !== key) {
      // One session at a time: each holds the graph's weights twice (forward and transposed).
      void this.current?.session.then((s) => s.release()).catch(() => {});
      const session = this.create(layers);
      this.current = { key, session };
      session.catch(() => {
        if (this.current?.session === session) this.current = undefined;
      });
    }
    return sessionGradient(await this.current.session, this.ort.Tensor);
  }

  private create(layers: DreamLayer[]): Promise<Ort.InferenceSession> {
    // Ops the WebGPU provider lacks fall back to WASM within the same session.
    const executionProviders = this.backend === "webgpu" ? ["webgpu", "wasm"] : ["wasm"];
    return this.ort.InferenceSession.create(dreamModel(this.trunk, layers), { graphOptimizationLevel: "all", executionMode: "sequential", executionProviders });
  }
}
