// AVIF (HEIF's boxes): the primary item's `ispe` size, or a grid's or overlay's output size when
// larger (libheif allocates the output the grid describes, whatever `ispe` says); `irot` 90/270
// swaps the sides (libheif applies it, so libvips' size is the rotated one); `pixi` and `av1C`
// give the bits (libvips holds more than 8 in 16-bit samples); an alpha `auxC` adds a band.
// libvips decodes AVIF to RGB(A) always: a monochrome av1C still decodes to 3 bands.
// image-size, used here before, searched for a `clap` box from each `ispe` to the end of the
// file: quadratic, 0.9 s for 16 000 `ispe` boxes in 320 KB.
import { type Budget, fourcc, HeaderError, type HeaderInfo, startsWith, view } from "./budget";

const [META, PITM, IINF, INFE, ILOC, IPRP, IPCO, IPMA, IDAT] = [fourcc("meta"), fourcc("pitm"), fourcc("iinf"), fourcc("infe"), fourcc("iloc"), fourcc("iprp"), fourcc("ipco"), fourcc("ipma"), fourcc("idat")] as const;
const [ISPE, PIXI, AV1C, AUXC, IROT, GRID, IOVL] = [fourcc("ispe"), fourcc("pixi"), fourcc("av1C"), fourcc("auxC"), fourcc("irot"), fourcc("grid"), fourcc("iovl")] as const;
const ALPHA_URNS = ["urn:mpeg:mpegB:cicp:systems:auxiliary:alpha\0", "urn:mpeg:hevc:2015:auxid:1\0"];

interface Box {
  type: number;
  /** Where the payload starts and ends (a box cut short by the file ends with it). */
  start: number;
  end: number;
}

export function readAvif(b: Uint8Array, budget: Budget): HeaderInfo {
  const dv = view(b);
  const u64 = (at: number) => dv.getUint32(at) * 2 ** 32 + dv.getUint32(at + 4);
  /** The boxes between `from` and `to`, one step each; stops where the budget does. */
  const children = (from: number, to: number): Box[] => {
    const out: Box[] = [];
    for (let at = from; at + 8 <= to && budget.step(); ) {
      let [size, header] = [dv.getUint32(at), 8];
      if (size === 1 && at + 16 <= to) [size, header] = [u64(at + 8), 16];
      else if (size === 0) size = to - at;
      if (size < header) break;
      out.push({ type: dv.getUint32(at + 4), start: at + header, end: Math.min(to, at + size) });
      at += size;
    }
    return out;
  };
  const find = (boxes: Box[], type: number) => boxes.find((x) => x.type === type);
  const readN = (at: number, bytes: number) => {
    if (bytes === 0 || bytes === 4 || bytes === 8) return bytes === 0 ? 0 : bytes === 4 ? dv.getUint32(at) : u64(at);
    throw new HeaderError("iloc field of an odd size");
  };

  const meta = find(children(0, b.length), META);
  if (!meta) throw new HeaderError("no meta box");
  const boxes = children(meta.start + 4, meta.end); // meta is a full box
  const pitm = find(boxes, PITM);
  if (!pitm) throw new HeaderError("no primary item");
  const primary = b[pitm.start] === 0 ? dv.getUint16(pitm.start + 4) : dv.getUint32(pitm.start + 4);

  const iprp = find(boxes, IPRP);
  const iprpBoxes = iprp ? children(iprp.start, iprp.end) : [];
  const ipco = find(iprpBoxes, IPCO);
  const properties = ipco ? children(ipco.start, ipco.end) : [];

  // Bits and alpha of any item, not only the primary's: a grid's come from its tiles, and
  // reading more than the primary's can only plan more bytes, never fewer.
  let [bits, alpha] = [0, false];
  for (const p of properties) {
    if (p.type === PIXI) for (let i = 0; i < b[p.start + 4]! && p.start + 5 + i < p.end; i++) bits = Math.max(bits, b[p.start + 5 + i]!);
    if (p.type === AV1C && p.start + 3 <= p.end) bits = Math.max(bits, b[p.start + 2]! & 0x40 ? (b[p.start + 2]! & 0x20 ? 12 : 10) : 8);
    if (p.type === AUXC && ALPHA_URNS.some((urn) => startsWith(b, p.start + 4, urn))) alpha = true;
  }

  // The primary item's properties (ipma: item id, then 1-based indices into ipco).
  const primaryProperties: Box[] = [];
  const ipma = find(iprpBoxes, IPMA);
  if (ipma) {
    const [version, flags] = [b[ipma.start]!, b[ipma.start + 3]!];
    const entries = dv.getUint32(ipma.start + 4);
    for (let i = 0, at = ipma.start + 8; i < entries && at < ipma.end && budget.step(); i++) {
      const item = version < 1 ? dv.getUint16(at) : dv.getUint32(at);
      at += version < 1 ? 2 : 4;
      const count = b[at++]!;
      for (let j = 0; j < count && budget.step(); j++) {
        const index = flags & 1 ? dv.getUint16(at) & 0x7fff : b[at]! & 0x7f;
        at += flags & 1 ? 2 : 1;
        if (item === primary && properties[index - 1]) primaryProperties.push(properties[index - 1]!);
      }
    }
  }
  const ispe = find(primaryProperties, ISPE);
  if (!ispe) throw new HeaderError("no size for the primary item");
  let [width, height] = [dv.getUint32(ispe.start + 4), dv.getUint32(ispe.start + 8)];

  const type = itemType(b, dv, boxes, primary, children);
  if (type === GRID || type === IOVL) {
    const data = itemData(b, dv, boxes, primary, readN, budget);
    // grid: version, flags, rows − 1, columns − 1; iovl: version, flags, four 16-bit fill values.
    const at = data + (type === GRID ? 4 : 10);
    const big = b[data + 1]! & 1;
    width = Math.max(width, big ? dv.getUint32(at) : dv.getUint16(at));
    height = Math.max(height, big ? dv.getUint32(at + 4) : dv.getUint16(at + 2));
  }
  const irot = find(primaryProperties, IROT);
  if (irot && b[irot.start]! & 1) [width, height] = [height, width];

  // What the budget did not reach may be the primary item's type (a grid of any size), another
  // ispe, a deeper tile: an AVIF of 20-odd boxes never gets near it, so such a file is refused.
  if (budget.spent) throw new HeaderError("AVIF header past the budget");
  // No pixi or av1C at all: as deep as AVIF goes.
  if (bits === 0) bits = 16;
  return { width, height, frames: 1, bands: alpha ? 4 : 3, bytesPerSample: bits > 8 ? 2 : 1, orientation: 1 };
}

/** The item's type from iinf (infe version 2 and 3 carry one). */
function itemType(b: Uint8Array, dv: DataView, boxes: Box[], id: number, children: (from: number, to: number) => Box[]): number {
  const iinf = boxes.find((x) => x.type === IINF);
  if (!iinf) return 0;
  for (const infe of children(iinf.start + (b[iinf.start] === 0 ? 6 : 8), iinf.end)) {
    const version = b[infe.start]!;
    if (infe.type !== INFE || version < 2) continue;
    const item = version === 2 ? dv.getUint16(infe.start + 4) : dv.getUint32(infe.start + 4);
    if (item === id) return dv.getUint32(infe.start + 4 + (version === 2 ? 2 : 4) + 2);
  }
  return 0;
}

/** Where the item's data starts (its first extent), from iloc: in the file or in idat. */
function itemData(b: Uint8Array, dv: DataView, boxes: Box[], id: number, readN: (at: number, n: number) => number, budget: Budget): number {
  const iloc = boxes.find((x) => x.type === ILOC);
  if (!iloc) throw new HeaderError("no iloc");
  const version = b[iloc.start]!;
  let at = iloc.start + 4;
  const [offsetSize, lengthSize, baseSize, indexSize] = [b[at]! >> 4, b[at]! & 15, b[at + 1]! >> 4, version >= 1 ? b[at + 1]! & 15 : 0];
  at += 2;
  const count = version < 2 ? dv.getUint16(at) : dv.getUint32(at);
  at += version < 2 ? 2 : 4;
  for (let i = 0; i < count && at < iloc.end && budget.step(); i++) {
    const item = version < 2 ? dv.getUint16(at) : dv.getUint32(at);
    at += version < 2 ? 2 : 4;
    const method = version >= 1 ? dv.getUint16(at) & 15 : 0;
    at += (version >= 1 ? 2 : 0) + 2; // construction method, data reference index
    const base = readN(at, baseSize);
    at += baseSize;
    const extents = dv.getUint16(at);
    at += 2;
    if (item === id && extents > 0) {
      const offset = base + readN(at + indexSize, offsetSize);
      if (method === 0) return offset;
      const idat = boxes.find((x) => x.type === IDAT);
      if (method === 1 && idat) return idat.start + offset;
      break;
    }
    at += extents * (indexSize + offsetSize + lengthSize);
  }
  // A grid whose output size cannot be found could claim any: refuse it, as libheif would.
  throw new HeaderError("no data for the primary item");
}
