// The browser's dream engine, run in Node: onnxruntime-web's WASM build on the graph the worker
// builds from the downloaded trunk file, against the server's (nsfwjs → onnxruntime-node).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ortWeb from "onnxruntime-web";
import { describe, expect, it, vi } from "vitest";
import { trunkNet } from "../inception";
import { dreamGradient } from "../node/session";
import { loadInceptionTrunk, readNsfwjsTrunk } from "../node/inception";
import { decodeTrunk, encodeTrunk } from "../trunk-file";
import type { ModelManifest } from "../../ml/model-export";
import files from "../../ml/web/files.generated.json";
import { TRUNK_MODEL } from "../export-name";
import { type OrtModule, WebDreamRuntime } from "./runtime";

const trunkFile = () => new Uint8Array(readFileSync(join(import.meta.dirname, "..", "..", "..", "public", (files as ModelManifest).models[TRUNK_MODEL]!.url)));

describe("the on-device dream engine", () => {
  it("builds, from the downloaded trunk file, the very Net the server builds from nsfwjs", () => {
    const fromFile = trunkNet(decodeTrunk(trunkFile()), "mixed5");
    const fromPackage = loadInceptionTrunk("mixed5");
    expect(fromFile.nodes.map((n) => n.name)).toEqual(fromPackage.nodes.map((n) => n.name));
    for (const [i, node] of fromFile.nodes.entries()) {
      const other = fromPackage.nodes[i]!;
      if (node.op === "conv" && other.op === "conv") {
        expect(Buffer.from(node.weight.buffer).equals(Buffer.from(other.weight.buffer)), node.name).toBe(true);
        expect(Buffer.from(node.bias.buffer).equals(Buffer.from(other.bias.buffer)), node.name).toBe(true);
      } else expect(node).toEqual(other);
    }
    // The file is the export's, byte for byte: a stale public/models would fail here.
    expect(Buffer.from(encodeTrunk(readNsfwjsTrunk("mixed5"))).equals(Buffer.from(trunkFile()))).toBe(true);
  });

  it("refuses a truncated or foreign file with a clear error", () => {
    const file = trunkFile();
    expect(() => trunkNet(decodeTrunk(file.subarray(0, file.length - 1000)), "mixed5")).toThrow(/cover/);
    expect(() => decodeTrunk(new TextEncoder().encode("<!doctype html><title>Offline</title>"))).toThrow(/not a dream model file/);
  });

  it("gives the server's gradient, to float precision, on onnxruntime-web's WASM build", async () => {
    ortWeb.env.wasm.numThreads = 1;
    const runtime = new WebDreamRuntime(ortWeb, trunkFile(), "wasm");
    const tile = Float32Array.from({ length: 3 * 96 * 112 }, (_, i) => Math.sin(i * 0.37) * 0.8);
    const [web, server] = await Promise.all([
      runtime.gradient(["mixed3", "mixed5"]).then((g) => g(tile, 96, 112)),
      dreamGradient(["mixed3", "mixed5"], join("data", "models")).then((g) => g(tile, 96, 112)),
    ]);
    let diff = 0;
    let size = 0;
    for (let i = 0; i < web.length; i++) {
      diff += Math.abs(web[i]! - server[i]!);
      size += Math.abs(server[i]!);
    }
    expect(size).toBeGreaterThan(0);
    expect(diff / size).toBeLessThan(1e-3);
    expect(runtime.description).toBe("WASM, 1 threads");
  }, 120_000);

  // onnxruntime-web in Node has no WebGPU provider; these stand in for a GPU that fails.
  const failingGpu = (when: "create" | "run"): OrtModule => {
    const create = (model: Uint8Array, options: { executionProviders: string[] }) => {
      const session = ortWeb.InferenceSession.create(model, options);
      if (!options.executionProviders.includes("webgpu")) return session;
      if (when === "create") return Promise.reject(new Error("no adapter"));
      return session.then((s) => Object.assign(Object.create(s) as typeof s, { run: () => Promise.reject(new Error("MaxPool: Indices not supported")) }));
    };
    return { ...ortWeb, InferenceSession: { create } } as unknown as OrtModule;
  };

  it.each(["create", "run"] as const)("falls back to WASM, for good, when WebGPU fails to %s", async (when) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const runtime = new WebDreamRuntime(failingGpu(when), trunkFile(), "webgpu");
    const gradient = await runtime.gradient(["mixed0"]);
    const out = await gradient(new Float32Array(3 * 80 * 80).fill(0.1), 80, 80);
    expect(out.length).toBe(3 * 80 * 80);
    expect(out.some((v) => v !== 0)).toBe(true);
    expect(runtime.description).toMatch(/^WASM/);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("WebGPU failed"), expect.any(Error));
    warn.mockRestore();
  }, 60_000);
});
