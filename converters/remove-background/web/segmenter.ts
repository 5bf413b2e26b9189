// U²-Net-p on onnxruntime-web in the browser worker, through the ML layer: the same ONNX file the
// server runs, downloaded once with progress (then cached for offline use), on WebGPU or WASM.
import { type LoadHooks, loadModels } from "../../ml/web/engine";
import { sessionsFor } from "../../ml/web/sessions";
import { INPUT_NAME, MODEL_NAME, OUTPUT_NAME, type Segmenter, SIDE } from "../model";

export async function webSegmenter(hooks: LoadHooks): Promise<Segmenter> {
  const { engine, models } = await loadModels([MODEL_NAME], hooks);
  const sessions = sessionsFor(engine.ort, engine.backend);
  const runner = await sessions.runner(MODEL_NAME, () => models[0]!);
  hooks.onBackend(sessions.description);
  return async (input) => {
    const out = await runner.run({ [INPUT_NAME]: new engine.ort.Tensor("float32", input, [1, 3, SIDE, SIDE]) }, [OUTPUT_NAME]);
    return (await out[OUTPUT_NAME]!.getData(true)) as Float32Array;
  };
}
