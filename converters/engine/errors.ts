export type ConversionErrorCode =
  | "unsupported-type"
  | "undecodable"
  | "too-many-pixels"
  | "too-much-memory"
  | "out-of-memory"
  | "output-too-large"
  | "result-too-large"
  | "too-costly"
  | "unknown-converter"
  | "invalid-params"
  | "failed";

/** An error with a message fit to show a person, and a code the API maps to a status. */
export class ConversionError extends Error {
  constructor(
    readonly code: ConversionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ConversionError";
  }
}

// The runtime itself ran out (malloc failed, the wasm heap is at its maximum, libheif could not
// allocate): the job was too large for this machine, not a damaged file. Checked before the
// decoder's words, since a loader that cannot allocate says "load" too ("heifload: Memory
// allocation error").
const OUT_OF_MEMORY = /out of memory|memory allocation|failed to allocate|cannot allocate|allocation failed|bad_alloc|Cannot enlarge memory|std::bad_alloc/i;

// libvips reports damaged input from inside the loaders; these are its words for it.
// libvips names its loaders "jpegload" and the like; a failed "download" is not a damaged image.
const DECODE_FAILURE = /(?<!down)load|read|truncat|premature|corrupt|invalid|not a known|unsupported|bad|decode|header/i;

/** What a person can do about a conversion that ran out of memory, wherever it ran. */
export function outOfMemory(where: "device" | "server"): ConversionError {
  return new ConversionError(
    "out-of-memory",
    `The image is too large for this ${where}'s memory with these steps. Resize it smaller first, or use fewer steps.`,
  );
}

export function asConversionError(error: unknown, where: "device" | "server" = "device"): ConversionError {
  if (error instanceof ConversionError) return error;
  const message = errorText(error);
  if (OUT_OF_MEMORY.test(message)) return outOfMemory(where);
  if (DECODE_FAILURE.test(message)) {
    return new ConversionError("undecodable", "The image is damaged or truncated and cannot be decoded.");
  }
  return new ConversionError("failed", `The conversion failed: ${message.replace("vips::Error: ", "").split("\n")[0]}`);
}

/** wasm-vips throws embind exceptions whose `message` is ["vips::Error", text]. */
export function errorText(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message ?? error;
  return Array.isArray(message) ? message.map(String).join(": ") : String(message);
}
