import { readFileSync, writeFileSync } from "node:fs";
import Vips from "wasm-vips";
import { runServerConversion } from "../converters/engine/server-pipeline";
const vips: any = await Vips();
const input = new Uint8Array(readFileSync("/work/shared/fixtures/coffee.png"));
const r = await runServerConversion(vips, input, { steps: [{ converter: "deepdream", params: { layers: ["mixed3"], octaves: 4, steps: 20, maxSize: 600, stepSize: 0.03 } }], format: "jpeg", quality: 90 }, 40e6, { signal: new AbortController().signal, cacheDir: "data/models", onProgress: () => {} });
writeFileSync("/tmp/st/dream.jpg", r.data);
