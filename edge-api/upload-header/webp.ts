// WebP: the canvas (VP8X) and every frame's extent (ANMF, or the VP8/VP8L bitstream of a still
// image), the largest of which the decoder allocates; alpha from the VP8X flag, an ALPH chunk or
// the VP8L header; the EXIF chunk's orientation.
import { type Budget, fourcc, HeaderError, type HeaderInfo, view } from "./budget";
import { exifOrientation } from "./ifd";

const VP8X = fourcc("VP8X");
const VP8 = fourcc("VP8 ");
const VP8L = fourcc("VP8L");
const ANMF = fourcc("ANMF");
const ALPH = fourcc("ALPH");
const EXIF = fourcc("EXIF");
const ALPHA_FLAG = 0x10;
const ANIMATION_FLAG = 0x02;
/** A chunk header, an ANMF header and a frame's own chunk header: the least a frame takes. */
const MIN_FRAME_BYTES = 32;

export function readWebp(b: Uint8Array, budget: Budget): HeaderInfo {
  const dv = view(b);
  const u24 = (at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
  let [width, height, frames, orientation] = [0, 0, 0, 1];
  let [alpha, animated] = [false, false];
  const extend = (w: number, h: number) => ([width, height] = [Math.max(width, w), Math.max(height, h)]);
  // The frame size a still image's bitstream gives, for a simple file or inside VP8X.
  const bitstream = (type: number, at: number, end: number) => {
    if (type === VP8 && at + 10 <= end) extend(dv.getUint16(at + 6, true) & 0x3fff, dv.getUint16(at + 8, true) & 0x3fff);
    if (type === VP8L && at + 5 <= end && b[at] === 0x2f) {
      const bits = dv.getUint32(at + 1, true);
      extend(1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff));
      if ((bits >>> 28) & 1) alpha = true;
    }
  };

  const first = b.length >= 16 ? dv.getUint32(12) : 0;
  if (first !== VP8X && first !== VP8 && first !== VP8L) throw new HeaderError("no VP8X, VP8 or VP8L chunk");
  let at = 12;
  for (; at + 8 <= b.length; ) {
    if (!budget.step()) {
      // What lies past the budget may be more frames, or alpha.
      if (animated) frames += Math.ceil((b.length - at) / MIN_FRAME_BYTES);
      alpha = true;
      break;
    }
    const type = dv.getUint32(at);
    const size = dv.getUint32(at + 4, true);
    const [start, end] = [at + 8, Math.min(b.length, at + 8 + size)];
    if (type === VP8X && start + 10 <= end) {
      const flags = b[start]!;
      alpha ||= (flags & ALPHA_FLAG) !== 0;
      animated ||= (flags & ANIMATION_FLAG) !== 0;
      extend(1 + u24(start + 4), 1 + u24(start + 7));
    } else if (type === ANMF && start + 16 <= end) {
      frames++;
      extend(2 * u24(start) + 1 + u24(start + 6), 2 * u24(start + 3) + 1 + u24(start + 9));
    } else if (type === ALPH) alpha = true;
    else if (type === EXIF) orientation = exifOrientation(b.subarray(start, end), budget);
    else bitstream(type, start, end);
    at += 8 + size + (size % 2);
  }
  return {
    width,
    height,
    frames: Math.max(1, frames),
    // libwebp's animation decoder composes every frame on an RGBA canvas, alpha or not.
    bands: alpha || animated || frames > 1 ? 4 : 3,
    bytesPerSample: 1,
    orientation,
  };
}
