/** What we accept, recognised by magic bytes rather than by name or declared type. */
export type InputFormat = "jpeg" | "png" | "webp" | "gif" | "avif" | "heic" | "tiff";
export const OUTPUT_FORMATS = ["jpeg", "png", "webp", "avif"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const MIME: Record<OutputFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
};
/** The output format of a MIME type, if it is one we write. */
export const formatOfMime = (mime: string | undefined): OutputFormat | undefined => OUTPUT_FORMATS.find((f) => MIME[f] === mime);

export const EXTENSION: Record<OutputFormat, string> = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif" };

export const INPUT_MIME: Record<InputFormat, string> = {
  ...MIME,
  gif: "image/gif",
  heic: "image/heic",
  tiff: "image/tiff",
};

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

export function sniffFormat(bytes: Uint8Array): InputFormat | undefined {
  if (bytes.length < 12) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  const tiff = ascii(bytes, 0, 4);
  if (tiff === "II*\0" || tiff === "MM\0*") return "tiff";
  if (ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    if (brand === "avif" || brand === "avis") return "avif";
    if (["heic", "heix", "mif1", "msf1", "hevc"].includes(brand)) return "heic";
  }
  return undefined;
}

/** The format a result is saved in when the caller names none: the input's, if we can write it. */
export function defaultOutputFor(input: InputFormat): OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(input) ? (input as OutputFormat) : "png";
}
