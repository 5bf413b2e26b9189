// What a server job is sent: the photo shrunk on the device to what its steps use and encoded
// within the server's limits (converters/engine/upload-fit.ts, in the image worker), or the photo as it
// is when it already fits and every pixel counts. The worker keeps the orientation and colour
// profile as every export does; the metadata follows the user's choice, so nothing leaves the
// device that the result would not keep.
import type { MetadataMode } from "../../converters/engine/encoder-options";
import type { Step } from "../../converters/engine/pipeline";
import { prepareUploadOnDevice } from "../worker/vips-bridge";
import { serverLimits } from "./server-limits";

export interface Upload {
  blob: Blob;
  steps: Step[];
  /** Set when it is not the photo as it was: the size sent, and from what. */
  shrunk?: { from: { width: number; height: number }; size: { width: number; height: number } };
}

export async function fitUpload(input: Blob, steps: Step[], metadata: MetadataMode | undefined, signal: AbortSignal): Promise<Upload> {
  // Without isolation there is no image worker: the photo goes as it is, and the server says if it is too large.
  if (!globalThis.crossOriginIsolated) return { blob: input, steps };
  const limits = await serverLimits();
  const prepared = await prepareUploadOnDevice(await input.arrayBuffer(), steps, limits, metadata ?? "safe", signal);
  if (!prepared.result) return { blob: input, steps };
  const { data, mime } = prepared.result;
  return { blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: mime }), steps: prepared.steps, shrunk: { from: prepared.from, size: prepared.size } };
}
