// A photo's file name as the user had it, for the gallery's cards and downloads: whatever a
// browser or a script put in the multipart filename, made safe to show and to send back.

/** At most this many characters are kept: a name, not a payload. */
const MAX_NAME = 200;
// Control characters and the separators of any path a client may have sent with the name.
const UNSAFE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** The name to keep, or undefined when there is none (a Blob without a name arrives as "blob"). */
export function keptFileName(name: string | undefined): string | undefined {
  const base = name?.split(/[\\/]/).pop()?.replace(UNSAFE, "").trim().slice(0, MAX_NAME);
  return base && base !== "blob" ? base : undefined;
}

/** A Content-Disposition filename from a kept name: ASCII word characters only, as the job route's. */
export const downloadStem = (fileName: string | null | undefined) =>
  (fileName ?? "").replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_").replace(/^[_.]+|_+$/g, "").slice(0, 80);
