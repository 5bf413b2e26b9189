// GIF: libvips' loader (libnsgif) grows the logical screen to the first frame's extent (a 1×1
// screen with a 6000×6000 first frame decodes at 6000×6000), and composes every frame on a
// 4-byte RGBA canvas whether or not the file has transparency (libvips then hands out 3 or 4
// bands).
import { type Budget, HeaderError, type HeaderInfo } from "./budget";

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
/** An image descriptor, its LZW code size and an empty data block: the least a frame takes. */
const MIN_FRAME_BYTES = 12;
/**
 * Data sub-blocks skipped, apart from the budget's steps: encoders fill them to 255 bytes, so a
 * 5 MiB GIF holds about 21 000, while one-byte blocks would make 2.5 million reads of it.
 */
export const GIF_DATA_BLOCKS = 65_536;

export function readGif(b: Uint8Array, budget: Budget): HeaderInfo {
  if (b.length < 13) throw new HeaderError("no logical screen");
  const u16 = (at: number) => b[at]! | (b[at + 1]! << 8);
  let [width, height] = [u16(6), u16(8)];
  let at = 13;
  if (b[10]! & 0x80) at += 3 * 2 ** ((b[10]! & 7) + 1); // global colour table
  let [frames, dataBlocks] = [0, 0];
  while (at < b.length) {
    const block = b[at]!;
    if (block === TRAILER) break;
    if (!budget.step() || dataBlocks > GIF_DATA_BLOCKS) {
      // What is left may be frames, each as small as a frame can be.
      frames += Math.ceil((b.length - at) / MIN_FRAME_BYTES);
      break;
    }
    if (block === EXTENSION) at += 2;
    else if (block === IMAGE) {
      if (at + 10 > b.length) break;
      if (frames++ === 0) {
        width = Math.max(width, u16(at + 1) + u16(at + 5));
        height = Math.max(height, u16(at + 3) + u16(at + 7));
      }
      const packed = b[at + 9]!;
      at += 10;
      if (packed & 0x80) at += 3 * 2 ** ((packed & 7) + 1); // local colour table
      at++; // LZW minimum code size
    } else break;
    for (let size = b[at]; size && dataBlocks <= GIF_DATA_BLOCKS; size = b[at]) {
      at += size + 1;
      dataBlocks++;
    }
    at++;
  }
  return { width, height, frames: Math.max(1, frames), bands: 4, bytesPerSample: 1, orientation: 1 };
}
