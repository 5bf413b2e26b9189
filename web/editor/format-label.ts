import type { OutputFormat } from "../../converters/engine/formats";

export const FORMAT_LABEL: Record<OutputFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF" };
