export type ConversionErrorCode =
  | "unsupported-type"
  | "undecodable"
  | "too-many-pixels"
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

// libvips reports damaged input from inside the loaders; these are its words for it.
// libvips names its loaders "jpegload" and the like; a failed "download" is not a damaged image.
const DECODE_FAILURE = /(?<!down)load|read|truncat|premature|corrupt|invalid|not a known|unsupported|bad|decode|header/i;

export function asConversionError(error: unknown): ConversionError {
  if (error instanceof ConversionError) return error;
  const message = errorText(error);
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
