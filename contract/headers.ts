// The header names and the one problem title the contract names beyond HTTP's own, for the
// server that sets them and the client that reads them. No zod here: the page imports it too.

export const HEADERS = {
  exportQuality: "Export-Quality",
  exportTargetMet: "Export-Target-Met",
  galleryId: "X-Gallery-Id",
  idempotencyKey: "Idempotency-Key",
  retryAfter: "Retry-After",
  sessionExpires: "X-Session-Expires",
  servedBy: "X-Served-By",
} as const;

/** The title of the 503 the job store's own outage answers (not a job's end: poll again). */
export const QUEUE_UNAVAILABLE = "Job queue unavailable";
