// What the page and the service worker both say to the API, beyond the contract's client.
import type { ConversionRequest } from "../../contract/client";
import type { JobRequest } from "./store";

/** Entries stored before jobs were chains held one converter and its params. */
type StoredRequest = JobRequest | (Omit<JobRequest, "steps"> & { converter: string; params: Record<string, unknown> });

export const requestSteps = (request: StoredRequest) => ("steps" in request ? request.steps : [{ converter: request.converter, params: request.params }]);

/** A stored request as the contract's: the whole chain, without the editor's own fields (undo, approvals). */
export function contractRequest(request: StoredRequest): ConversionRequest {
  const { image, fileName, format, quality, metadata, encoder, targetBytes, gallery, editSession, style } = request;
  return { image, fileName, steps: requestSteps(request).map((s) => ({ converter: s.converter, params: s.params ?? {} })), format, quality, metadata, encoder, targetBytes, gallery, editSession, style };
}
