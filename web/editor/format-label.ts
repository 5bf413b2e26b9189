import type { OutputFormat } from "../../converters/formats";

export const FORMAT_LABEL: Record<OutputFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF" };
