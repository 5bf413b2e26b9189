// The heavy converters with a server.ts, for the worker role only: onnxruntime-node and friends
// never reach a browser bundle.
import { type HeavyRun, runHeavyConversion } from "./pipeline";
import type { PipelineRequest, PipelineResult } from "./pipeline";
import { serverRunners } from "../server-runners.generated";
import type { ServerContext, VipsModule } from "../types";

const runById = new Map(serverRunners.map((r) => [r.meta.id, r.run as HeavyRun<ServerContext>]));

export const runServerConversion = (vips: VipsModule, input: Uint8Array, request: PipelineRequest, maxPixels: number, context: ServerContext, maxOutputPixels?: number, maxJobBytes?: number): Promise<PipelineResult> =>
  runHeavyConversion(runById, vips, input, request, maxPixels, context, maxOutputPixels, maxJobBytes);
