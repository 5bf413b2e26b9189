// A job's stored input: its image alone, or its image and the files its steps read besides
// (style transfer's style photo), framed as one blob. The queue stores and counts one blob per job,
// so its byte budget, leases and adapters stay as they are; the worker unframes it. An image alone
// is stored as it came, so jobs queued before attachments existed read the same.
import type { JobAttachments } from "../types";

const MAGIC = new TextEncoder().encode("IEFILES1");
const NAMES = ["image", "style"] as const;

export interface JobFiles {
  image: Uint8Array;
  attachments?: JobAttachments;
}

/** The blob to store: the image itself when there is nothing else, else magic, then per file a name index (u8), a length (u32 LE) and the bytes. */
export function packJobFiles({ image, attachments }: JobFiles): Uint8Array {
  const parts: [number, Uint8Array][] = [[0, image]];
  if (attachments?.style) parts.push([1, attachments.style]);
  if (parts.length === 1) return image;
  const out = new Uint8Array(MAGIC.length + parts.reduce((n, [, b]) => n + 5 + b.length, 0));
  out.set(MAGIC);
  const view = new DataView(out.buffer);
  let at = MAGIC.length;
  for (const [name, bytes] of parts) {
    out[at] = name;
    view.setUint32(at + 1, bytes.length, true);
    out.set(bytes, at + 5);
    at += 5 + bytes.length;
  }
  return out;
}

/** The stored blob's files. No image format starts with the magic, so an image alone reads as itself. */
export function unpackJobFiles(stored: Uint8Array): JobFiles {
  if (stored.length < MAGIC.length || MAGIC.some((b, i) => stored[i] !== b)) return { image: stored };
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const files: Partial<Record<(typeof NAMES)[number], Uint8Array>> = {};
  let at = MAGIC.length;
  while (at + 5 <= stored.length) {
    const name = NAMES[stored[at]!];
    const length = view.getUint32(at + 1, true);
    if (!name || at + 5 + length > stored.length) throw new Error("The job's stored input is damaged.");
    files[name] = stored.subarray(at + 5, at + 5 + length);
    at += 5 + length;
  }
  if (!files.image) throw new Error("The job's stored input has no image.");
  return { image: files.image, ...(files.style && { attachments: { style: files.style } }) };
}
