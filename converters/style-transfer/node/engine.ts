// The style graph on onnxruntime-node, through the ML layer's file cache and sessions: one graph
// per layer choice takes any image size, so it serves every scale. The shipped styles are read
// from the files the assets step exported for the device (public/models), so both use one copy.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DreamLayer } from "../../deepdream/layers";
import { loadInceptionTrunk, weightsSource } from "../../deepdream/node/inception";
import type { Net } from "../../ml/net";
import files from "../../ml/web/files.generated.json";
import { cachedModelFile, openSession, Tensor } from "../../ml/node/sessions";
import { chosenLayers, deepestDreamLayer, graphKey, type LayerChoice, sessionEngine, styleModel } from "../style-model";
import { type ShippedStyle, styleFileName } from "../styles";
import type { StyleEngine } from "../transfer";

/** Raise when style-graph.ts or style-model.ts change what they write: old cached files are then ignored. */
const GRAPH_FORMAT = 1;

/**
 * The trunk up to a layer, read once per thread: reading and dequantising nsfwjs's shards takes
 * about 0.6 s (to mixed3), which every job would otherwise pay for the channel counts alone.
 * At most one entry per mixed layer, so the map is bounded.
 */
const trunks = new Map<string, Net>();
function trunkTo(layer: DreamLayer): Net {
  let trunk = trunks.get(layer);
  if (!trunk) trunks.set(layer, (trunk = loadInceptionTrunk(layer)));
  return trunk;
}

export function styleGraphFile(layers: LayerChoice, cacheDir: string): { file: string; trunk: Net } {
  const chosen = chosenLayers(layers);
  const trunk = trunkTo(deepestDreamLayer(chosen));
  const file = cachedModelFile(cacheDir, graphKey(chosen), { GRAPH_FORMAT, weights: weightsSource(), chosen }, () => styleModel(trunk, chosen));
  return { file, trunk };
}

/** The engine for a layer choice, building or reading the cached graph. */
export async function styleEngine(layers: LayerChoice, cacheDir: string, threads?: number): Promise<StyleEngine> {
  const { file, trunk } = styleGraphFile(layers, cacheDir);
  const session = await openSession(file, threads);
  return sessionEngine((feeds, fetches) => session.run(feeds, fetches), Tensor, trunk, layers);
}

/** A shipped style's bytes, from the app's public files (the worker runs from the app's root). */
export async function shippedStyle(style: ShippedStyle): Promise<Uint8Array> {
  const model = (files.models as Record<string, { url: string }>)[styleFileName(style)];
  if (!model) throw new Error(`The style ${style} is not in the model manifest; run npm run assets`);
  return new Uint8Array(readFileSync(join(process.cwd(), "public", model.url)));
}
