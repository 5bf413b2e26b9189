// The dream graph on onnxruntime-web, whichever of its builds is loaded: the browser worker's
// (web/session.ts) and the benchmark's in Node. The trunk is dequantised once; the graph for a
// layer choice runs through the ML layer's sessions (one at a time, WebGPU → WASM fallback).
import type { GradientFn } from "../dream";
import { chosenLayers, dreamModel, sessionGradient } from "../dream-model";
import { trunkNet } from "../inception";
import { DREAM_LAYERS, type DreamLayer } from "../meta";
import type { Net } from "../../ml/net";
import type { Backend, OrtModule } from "../../ml/web/engine";
import { BackendSessions } from "../../ml/web/sessions";
import { decodeTrunk } from "../trunk-file";

export type { Backend, OrtModule };

export class WebDreamRuntime {
  private readonly trunk: Net;

  constructor(
    private readonly ort: OrtModule,
    trunkFile: Uint8Array,
    backend: Backend,
    private readonly sessions = new BackendSessions(ort, backend),
  ) {
    this.trunk = trunkNet(decodeTrunk(trunkFile), DREAM_LAYERS.at(-1)!);
  }

  /** For people: which engine dreams. */
  get description(): string {
    return this.sessions.description;
  }

  /** The gradient for the chosen layers. WebGPU gets MaxPool's backward by masks (it has no Indices). */
  async gradient(layers: DreamLayer[]): Promise<GradientFn> {
    const chosen = chosenLayers(layers);
    const runner = await this.sessions.runner(`deepdream-${chosen.join("+")}`, (backend) => dreamModel(this.trunk, chosen, backend === "webgpu" ? "masks" : "indices"));
    return sessionGradient(runner, this.ort.Tensor);
  }
}
