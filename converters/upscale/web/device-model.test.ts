// The device's upscaler, run in Node: onnxruntime-web's WASM build on the file the browser
// downloads, against the server's session on the graph it generates.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ortWeb from "onnxruntime-web";
import { describe, expect, it } from "vitest";
import type { ModelManifest } from "../../ml/model-export";
import { runTiled } from "../../ml/tiles";
import files from "../../ml/web/files.generated.json";
import { BackendSessions } from "../../ml/web/sessions";
import { receptiveField } from "../../ml/net";
import { models } from "../export";
import { esrganNet } from "../node/weights";
import { nodeUpscaler } from "../node/upscaler";

const manifest = files as ModelManifest;
const publicFile = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, "..", "..", "..", "public", manifest.models[name]!.url)));

describe("the on-device upscaler", () => {
  it("downloads the server's very graph: the exported file is a fresh build, byte for byte", () => {
    for (const model of models) expect(Buffer.from(publicFile(model.name)).equals(Buffer.from(model.build())), model.name).toBe(true);
    // The device tiles with the server's receptive margin.
    for (const scale of [2, 4] as const) expect(manifest.models[`esrgan-x${scale}`]!.meta).toEqual({ margin: receptiveField(esrganNet(scale)).margin, scale });
  });

  it("gives the server's result on onnxruntime-web's WASM build, to float precision", async () => {
    ortWeb.env.wasm.numThreads = 1;
    const sessions = new BackendSessions(ortWeb, "wasm");
    const runner = await sessions.runner("esrgan-x2", () => publicFile("esrgan-x2"));
    expect(sessions.description).toBe("WASM, 1 threads");
    const web = { scale: 2, margin: Number(manifest.models["esrgan-x2"]!.meta!.margin), channels: 3, run: async (t: Float32Array, h: number, w: number) => (await runner.run({ x: new ortWeb.Tensor("float32", t, [1, 3, h, w]) }, ["y"])).y!.data as Float32Array };
    const [w, h] = [70, 50];
    const input = Float32Array.from({ length: 3 * w * h }, (_, i) => 127.5 + 120 * Math.sin(i * 0.013) * Math.cos(i * 0.0007));
    const server = await runTiled(input, h, w, await nodeUpscaler(2, join(import.meta.dirname, "..", "..", "..", "data", "test", "models"), 1), { tile: 32 });
    const device = await runTiled(input, h, w, web, { tile: 32 });
    const worst = device.reduce((m, v, i) => Math.max(m, Math.abs(v - server[i]!)), 0);
    expect(worst).toBeLessThan(0.05);
  });
});
