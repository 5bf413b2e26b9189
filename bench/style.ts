// npm run bench:style: one style transfer at 512×512 (the defaults: 3 scales × 30 steps, the
// shipped "cells" style) through the converter as the worker runs it, on onnxruntime-node (the
// server), then on onnxruntime-web's WASM build in this process (the device's engine, with as
// many threads as the server's). The baseline is the server's run in the same process: the device
// figure is a ratio against it. Targets: ≤ 60 s on the server, ≤ 3× that on the device. The graph
// is built and cached before either run (a worker builds it once). The last line is JSON.
//   --size 512   the picture's side   --steps 30   steps per scale   --device false   skip the device run
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as ortWeb from "onnxruntime-web";
import sharp from "sharp";
import Vips from "wasm-vips";
import { TRUNK_MODEL } from "../converters/deepdream/export-name";
import { runHeavyConversion } from "../converters/engine/pipeline";
import { runServerConversion } from "../converters/engine/server-pipeline";
import type { ModelManifest } from "../converters/ml/model-export";
import files from "../converters/ml/web/files.generated.json";
import { BackendSessions } from "../converters/ml/web/sessions";
import { meta } from "../converters/style-transfer/meta";
import { shippedStyle, styleGraphFile } from "../converters/style-transfer/node/engine";
import { styleImage } from "../converters/style-transfer/style-image";
import { webStyleEngine } from "../converters/style-transfer/web/engine";
import type { HeavyContext, VipsImage, VipsModule } from "../converters/types";

const { values } = parseArgs({ options: { size: { type: "string", default: "512" }, steps: { type: "string", default: "30" }, device: { type: "string", default: "true" } } });
const side = Number(values.size);
const threads = availableParallelism();
const cacheDir = join("data", "models");
const params = meta.params.parse({ style: "cells", steps: Number(values.steps), maxSize: side });
styleGraphFile({ content: params.contentLayer, style: params.styleLayers }, cacheDir);

const vips: VipsModule = await Vips();
const input = new Uint8Array(await sharp(readFileSync(join(import.meta.dirname, "..", "test", "fixtures", "coffee.png"))).resize(side, side, { fit: "fill" }).jpeg({ quality: 92 }).toBuffer());
const request = { steps: [{ converter: meta.id, params }], format: "jpeg" as const, quality: 90 };

function progressCheck() {
  let last = 0;
  return (p: number) => {
    if (p < last) throw new Error("progress fell");
    last = p;
  };
}

const rssBefore = process.resourceUsage().maxRSS / 1024;
let start = performance.now();
const server = await runServerConversion(vips, input, request, 40e6, { signal: new AbortController().signal, cacheDir, threads, onProgress: progressCheck() });
const serverSeconds = (performance.now() - start) / 1000;
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`server (onnxruntime-node, ${threads} threads): ${server.width}×${server.height} in ${serverSeconds.toFixed(1)} s; peak RSS ${peakRssMB} MB (${Math.round(rssBefore)} MB before)`);

let deviceSeconds: number | undefined;
if (values.device !== "false") {
  ortWeb.env.wasm.numThreads = threads;
  const trunk = new Uint8Array(readFileSync(join(import.meta.dirname, "..", "public", (files as ModelManifest).models[TRUNK_MODEL]!.url)));
  const sessions = new BackendSessions(ortWeb, "wasm");
  const run = (v: VipsModule, image: VipsImage, p: never, context: HeavyContext) =>
    styleImage(v, image, p, { shipped: shippedStyle, engine: (layers) => webStyleEngine(ortWeb, sessions, trunk, layers) }, context);
  start = performance.now();
  const device = await runHeavyConversion(new Map([[meta.id, run]]), vips, input, request, 40e6, { signal: new AbortController().signal, onProgress: progressCheck() });
  deviceSeconds = (performance.now() - start) / 1000;
  console.log(`device (onnxruntime-web, ${sessions.description}): ${device.width}×${device.height} in ${deviceSeconds.toFixed(1)} s = ${(deviceSeconds / serverSeconds).toFixed(2)}× the server`);
}

const figures = {
  size: side,
  steps: params.steps,
  scales: params.scales,
  serverSeconds: Number(serverSeconds.toFixed(1)),
  serverTargetMet: serverSeconds <= 60,
  ...(deviceSeconds !== undefined && {
    deviceSeconds: Number(deviceSeconds.toFixed(1)),
    deviceRatio: Number((deviceSeconds / serverSeconds).toFixed(2)),
    deviceTargetMet: deviceSeconds <= 3 * 60,
  }),
  peakRssMB,
};
console.log(JSON.stringify(figures));
