import { EXTENSION, type OutputFormat } from "../../../converters/formats";

/** A file size as people read it: 812 B, 312 KB, 1.2 MB (binary units, as the editor shows KB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** "1.2 MB → 312 KB (−74 %)"; a larger result reads "(+12 %)". */
export function sizeChange(before: number, after: number): string {
  const change = before > 0 ? Math.round((after / before - 1) * 100) : 0;
  const sign = change < 0 ? "\u2212" : change > 0 ? "+" : "±";
  return `${formatBytes(before)} → ${formatBytes(after)} (${sign}${Math.abs(change)} %)`;
}

/** A unique name for each result: photo.jpg twice becomes photo-edited.jpg and photo-edited-2.jpg. */
export function outputName(taken: ReadonlySet<string>, file: string, format: OutputFormat): string {
  const base = `${file.replace(/\.[^.]+$/, "") || "image"}-edited`;
  let name = `${base}.${EXTENSION[format]}`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.${EXTENSION[format]}`;
  return name;
}
