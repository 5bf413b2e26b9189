import { EXTENSION, type OutputFormat } from "../../../converters/engine/formats";

export { formatBytes, sizeChange } from "../bytes";

/** A unique name for each result: photo.jpg twice becomes photo-edited.jpg and photo-edited-2.jpg. */
export function outputName(taken: ReadonlySet<string>, file: string, format: OutputFormat): string {
  const base = `${file.replace(/\.[^.]+$/, "") || "image"}-edited`;
  let name = `${base}.${EXTENSION[format]}`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}.${EXTENSION[format]}`;
  return name;
}
