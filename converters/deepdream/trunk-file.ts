// The file the browser downloads for an on-device dream: the trunk's Keras layers and weight
// entries as JSON, then their quantised bytes as nsfwjs ships them (uint8: 5 MB to mixed5,
// a quarter of the floats). The browser dequantises and builds the graph itself.
import type { TrunkSource } from "./inception";

const MAGIC = "IETRUNK1";

export function encodeTrunk(source: TrunkSource): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify({ layers: source.layers, weights: source.weights }));
  const out = new Uint8Array(MAGIC.length + 4 + json.length + source.bytes.length);
  out.set(new TextEncoder().encode(MAGIC));
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  out.set(source.bytes, MAGIC.length + 4 + json.length);
  return out;
}

export function decodeTrunk(file: Uint8Array): TrunkSource {
  const magic = new TextDecoder().decode(file.subarray(0, MAGIC.length));
  if (magic !== MAGIC) throw new Error("This is not a dream model file (it may be a truncated or stale download).");
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  const { layers, weights } = JSON.parse(new TextDecoder().decode(file.subarray(start, start + length))) as Omit<TrunkSource, "bytes">;
  return { layers, weights, bytes: file.subarray(start + length) };
}
