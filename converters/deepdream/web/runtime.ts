// The dream graph on onnxruntime-web, whichever of its builds is loaded: the browser worker's
// (web/session.ts) and the benchmark's in Node. The trunk is dequantised once; a session per
// layer choice is kept while the worker lives.
import type * as Ort from "onnxruntime-web";
import type { GradientFn } from "../dream";
import { chosenLayers, dreamModel, sessionGradient } from "../dream-model";
import { trunkNet } from "../inception";
import { DREAM_LAYERS, type DreamLayer } from "../meta";
import type { Net } from "../../ml/net";
import { decodeTrunk } from "../trunk-file";

export type OrtModule = typeof Ort;
export type Backend = "webgpu" | "wasm";

export class WebDreamRuntime {
  private readonly trunk: Net;
  private current: { key: string; session: Promise<Ort.InferenceSession> } | undefined;

  constructor(
    private readonly ort: OrtModule,
    trunkFile: Uint8Array,
    private backend: Backend,
  ) {
    this.trunk = trunkNet(decodeTrunk(trunkFile), DREAM_LAYERS.at(-1)!);
  }

  /** For people: which engine dreams. */
  get description(): string {
    return this.backend === "webgpu" ? "WebGPU" : `WASM, ${this.ort.env.wasm.numThreads ?? 1} threads`;
  }

  /**
   * The gradient for the chosen layers. If WebGPU fails (no session, or its first run throws),
   * the engine falls back to WASM for good: WebGPU builds of onnxruntime-web carry both.
   */
  async gradient(layers: DreamLayer[]): Promise<GradientFn> {
    if (this.backend === "wasm") return this.open(layers);
    let gradient: GradientFn;
    try {
      gradient = await this.open(layers);
    } catch (error) {
      return this.fallBack(error, layers);
    }
    let proven = false;
    return async (tile, height, width) => {
      if (proven || this.backend === "wasm") return gradient(tile, height, width);
      try {
        const out = await gradient(tile, height, width);
        proven = true;
        return out;
      } catch (error) {
        gradient = await this.fallBack(error, layers);
        return gradient(tile, height, width);
      }
    };
  }

  private fallBack(error: unknown, layers: DreamLayer[]): Promise<GradientFn> {
    console.warn("DeepDream on WebGPU failed; using WASM instead.", error);
    this.backend = "wasm";
    void this.current?.session.then((s) => s.release()).catch(() => {});
    this.current = undefined;
    return this.open(layers);
  }

  private async open(layers: DreamLayer[]): Promise<GradientFn> {
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
    const options = { graphOptimizationLevel: "all", executionMode: "sequential" } as const;
    if (this.backend === "wasm") return this.ort.InferenceSession.create(dreamModel(this.trunk, layers), { ...options, executionProviders: ["wasm"] });
    // Ops the WebGPU provider lacks run on WASM within the same session.
    return this.ort.InferenceSession.create(dreamModel(this.trunk, layers, "masks"), { ...options, executionProviders: ["webgpu", "wasm"] });
  }
}
