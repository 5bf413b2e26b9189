// ESRGAN on onnxruntime-web in the browser worker, through the ML layer: the exported graph for
// the scale (the server's very graph), downloaded once with progress, WebGPU or WASM.
import { type LoadHooks, loadModels, modelMeta } from "../../ml/web/engine";
import { sessionsFor } from "../../ml/web/sessions";
import type { Scale, Upscaler } from "../model";

export async function webUpscaler(scale: Scale, hooks: LoadHooks): Promise<Upscaler> {
  const name = `esrgan-x${scale}`;
  const { engine, models } = await loadModels([name], hooks);
  const sessions = sessionsFor(engine.ort, engine.backend);
  const runner = await sessions.runner(name, () => models[0]!);
  hooks.onBackend(sessions.description);
  return {
    scale,
    margin: Number(modelMeta(name).margin),
    channels: 3,
    run: async (tile, height, width) => {
      const out = await runner.run({ x: new engine.ort.Tensor("float32", tile, [1, 3, height, width]) }, ["y"]);
      // On WebGPU the output may live on the GPU; getData() downloads it (a no-op on the CPU).
      return (await out.y!.getData(true)) as Float32Array;
    },
  };
}
