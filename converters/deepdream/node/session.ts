// The dream graph on onnxruntime-node, through the ML layer's file cache and sessions: one
// graph per layer choice takes any image size, so it serves every tile and octave.
import type { GradientFn } from "../dream";
import { chosenLayers, deepestLayer, dreamModel, sessionGradient } from "../dream-model";
import type { DreamLayer } from "../meta";
import { cachedModelFile, openSession, Tensor } from "../../ml/node/sessions";
import { loadInceptionTrunk, weightsSource } from "./inception";

/** Raise when onnx-graph.ts or inception.ts change what they write: old cached files are then ignored. */
const GRAPH_FORMAT = 1;

export function graphFile(layers: DreamLayer[], cacheDir: string): string {
  const chosen = chosenLayers(layers);
  return cachedModelFile(cacheDir, `deepdream-${chosen.join("+")}`, { GRAPH_FORMAT, weights: weightsSource(), chosen }, () =>
    dreamModel(loadInceptionTrunk(deepestLayer(chosen)), chosen),
  );
}

/** A GradientFn for the chosen layers, building or reading the cached graph. */
export async function dreamGradient(layers: DreamLayer[], cacheDir: string, threads?: number): Promise<GradientFn> {
  return sessionGradient(await openSession(graphFile(layers, cacheDir), threads), Tensor);
}
