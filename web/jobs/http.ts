// What the page and the service worker both say to the API.
import type { ExportFacts, JobRequest } from "./store";

/** A problem-details response, in words for the user. */
export async function problemText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { detail?: string; title?: string };
  return body.detail ?? body.title ?? `The server answered ${res.status}.`;
}

/** Entries stored before jobs were chains held one converter and its params. */
type StoredRequest = JobRequest | (Omit<JobRequest, "steps"> & { converter: string; params: Record<string, unknown> });

export const requestSteps = (request: StoredRequest) => ("steps" in request ? request.steps : [{ converter: request.converter, params: request.params }]);

/** POST /api/conversions' multipart body for one job: the whole chain. */
export function jobForm(request: StoredRequest): FormData {
  const body = new FormData();
  body.append("image", request.image, request.fileName);
  body.append("steps", JSON.stringify(requestSteps(request).map((s) => ({ converter: s.converter, params: s.params ?? {} }))));
  if (request.format) body.append("format", request.format);
  if (request.quality !== undefined) body.append("quality", String(request.quality));
  if (request.metadata) body.append("metadata", request.metadata);
  if (request.encoder) body.append("encoder", JSON.stringify(request.encoder));
  if (request.targetBytes !== undefined) body.append("targetBytes", String(request.targetBytes));
  if (request.gallery) body.append("gallery", request.gallery);
  if (request.editSession) body.append("editSession", request.editSession);
  return body;
}

/** A finished job's export facts, from its response headers. */
export function exportFacts(res: Response): ExportFacts {
  const quality = Number(res.headers.get("Export-Quality"));
  const met = res.headers.get("Export-Target-Met");
  return { ...(quality > 0 && { quality }), ...(met && { fits: met === "true" }) };
}
