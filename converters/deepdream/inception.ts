// InceptionV3's ImageNet trunk (nsfwjs's Keras model) as a Net, up to a dream layer.
import { type KerasSource, kerasNet } from "../ml/keras";
import type { Net } from "../ml/net";
import type { DreamLayer } from "./meta";

export { entryBytes, type KerasLayer, type WeightEntry } from "../ml/keras";

/** The layers up to a dream layer, their weight entries in order, and those entries' bytes. */
export type TrunkSource = KerasSource;

/** The trunk up to `last` (inclusive), batch norms folded into their convs. */
export function trunkNet(source: TrunkSource, last: DreamLayer): Net {
  const end = source.layers.findIndex((l) => l.name === last);
  if (end < 0) throw new Error(`InceptionV3 has no layer ${last}`);
  // Weights of later layers are skipped as the entries are walked.
  return kerasNet({ ...source, layers: source.layers.slice(0, end + 1) });
}
