// The heavy converters with a device.ts, for the browser worker: loaded only when the user asks
// for an on-device run, so their runtime (onnxruntime-web) is not part of the editor's load.
import { deviceRunners } from "../device-runners.generated";
import { type HeavyRun, runHeavyConversion } from "./pipeline";
import type { PipelineRequest, PipelineResult } from "./pipeline";
import type { DeviceContext, VipsModule } from "../types";

const runById = new Map(deviceRunners.map((r) => [r.meta.id, r.run as HeavyRun<DeviceContext>]));

export const runDeviceConversion = (vips: VipsModule, input: Uint8Array, request: PipelineRequest, maxPixels: number, context: DeviceContext): Promise<PipelineResult> =>
  runHeavyConversion(runById, vips, input, request, maxPixels, context);
