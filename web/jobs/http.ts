// What the page and the service worker both say to the API.
import type { JobRequest } from "./store";

/** A problem-details response, in words for the user. */
export async function problemText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { detail?: string; title?: string };
  return body.detail ?? body.title ?? `The server answered ${res.status}.`;
}

/** POST /api/conversions' multipart body for one job. */
export function jobForm(request: JobRequest): FormData {
  const body = new FormData();
  body.append("image", request.image, request.fileName);
  body.append("converter", request.converter);
  body.append("params", JSON.stringify(request.params));
  if (request.format) body.append("format", request.format);
  if (request.quality !== undefined) body.append("quality", String(request.quality));
  return body;
}
