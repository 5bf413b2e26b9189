// The style graph on onnxruntime-web in the browser worker (and the benchmark's Node), through the
// ML layer: DeepDream's trunk file (downloaded once, then cached for offline use), the graph built
// here for the layer choice, and the shipped style photos, fetched on first use like the models.
import { TRUNK_MODEL } from "../../deepdream/export-name";
import { trunkNet } from "../../deepdream/inception";
import { decodeTrunk } from "../../deepdream/trunk-file";
import { type LoadHooks, loadModels } from "../../ml/web/engine";
import type { Net } from "../../ml/net";
import { type BackendSessions, sessionsFor } from "../../ml/web/sessions";
import { chosenLayers, graphKey, type LayerChoice, sessionEngine, styleModel } from "../style-model";
import { type ShippedStyle, styleFileName } from "../styles";
import type { StyleEngine } from "../transfer";

const trunks = new WeakMap<Uint8Array, Net>();

/** The style engine on a loaded runtime: `sessions` picks WebGPU or WASM; WebGPU's graph routes MaxPool's gradient by masks. */
export function webStyleEngine(ort: { Tensor: typeof import("onnxruntime-common").Tensor }, sessions: BackendSessions, trunkFile: Uint8Array, layers: LayerChoice): Promise<StyleEngine> {
  const chosen = chosenLayers(layers);
  let trunk = trunks.get(trunkFile);
  if (!trunk) trunks.set(trunkFile, (trunk = trunkNet(decodeTrunk(trunkFile), "mixed5")));
  const net = trunk;
  return sessions.runner(graphKey(chosen), (backend) => styleModel(net, chosen, backend === "webgpu" ? "masks" : "indices")).then((runner) => sessionEngine((feeds, fetches) => runner.run(feeds as never, fetches) as never, ort.Tensor, net, chosen));
}

/** The engine in the browser worker, loading onnxruntime-web and the trunk first if this worker has not. */
export async function deviceStyleEngine(layers: LayerChoice, hooks: LoadHooks): Promise<StyleEngine> {
  const { engine, models } = await loadModels([TRUNK_MODEL], hooks);
  const sessions = sessionsFor(engine.ort, engine.backend);
  const styleEngine = await webStyleEngine(engine.ort, sessions, models[0]!, layers);
  hooks.onBackend(sessions.description);
  return styleEngine;
}

/** A shipped style's photo, downloaded once with the models (the service worker keeps it). */
export async function deviceShippedStyle(style: ShippedStyle, hooks: LoadHooks): Promise<Uint8Array> {
  const { models } = await loadModels([styleFileName(style)], hooks);
  return models[0]!;
}
