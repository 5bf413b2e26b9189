// One budget of steps for everything read from an upload's header, so a check costs a bounded
// time whatever the file holds. A step is one structure visited (an IFD entry or an IFD, a
// PNG or RIFF chunk, a JPEG segment, a GIF block, an ISOBMFF box or table entry, one value of
// a tag's array): each costs a few reads, nothing is copied or decoded. 10 000 steps is far
// beyond what a camera's or an editor's file needs (tens of chunks, a few dozen IFD entries, a
// GIF's two blocks a frame up to 5000 frames) and is spent in about a millisecond.
export const HEADER_STEPS = 10_000;

export class Budget {
  used = 0;
  constructor(readonly limit: number = HEADER_STEPS) {}
  /** Takes one step; false once the budget is spent, where the walker stops. */
  step(): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }
  get spent(): boolean {
    return this.used >= this.limit;
  }
}

/** What decoding will hold, read from the header alone. */
export interface HeaderInfo {
  /** The size the decoder allocates, before any EXIF orientation is applied. */
  width: number;
  height: number;
  /** Frames or pages (each counts toward the pixel limit). */
  frames: number;
  bands: number;
  bytesPerSample: number;
  /** EXIF orientation, 1–8: 5 to 8 swap the upright picture's sides. */
  orientation: number;
}

/** A header that says nothing a decoder could use, or hides what matters past the budget. */
export class HeaderError extends Error {}

export const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** A four-character code as a number, so chunk and box types compare without strings. */
export const fourcc = (s: string) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

export const startsWith = (b: Uint8Array, at: number, text: string) => {
  for (let i = 0; i < text.length; i++) if (b[at + i] !== text.charCodeAt(i)) return false;
  return true;
};
