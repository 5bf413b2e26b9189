// Loads the on-device dream engine in the browser worker, on first use only, through the ML
// layer: onnxruntime-web and the trunk file, kept by the service worker for offline use.
import type { GradientFn } from "../dream";
import { TRUNK_MODEL } from "../export-name";
import type { DreamLayer } from "../meta";
import { type LoadHooks, loadModels } from "../../ml/web/engine";
import { sessionsFor } from "../../ml/web/sessions";
import { WebDreamRuntime } from "./runtime";

let runtime: WebDreamRuntime | undefined;

/** The dream gradient for the chosen layers, loading the engine and the trunk first if this worker has not. */
export async function webDreamGradient(layers: DreamLayer[], hooks: LoadHooks): Promise<GradientFn> {
  const { engine, models } = await loadModels([TRUNK_MODEL], hooks);
  runtime ??= new WebDreamRuntime(engine.ort, models[0]!, engine.backend, sessionsFor(engine.ort, engine.backend));
  const gradient = await runtime.gradient(layers);
  hooks.onBackend(runtime.description);
  return gradient;
}
