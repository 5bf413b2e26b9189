// AVIF files taken apart and put together again for the header tests: an encoder's items and
// properties, rebuilt as a grid, rotated, or claiming another size.
const concat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const u16 = (n: number) => Uint8Array.of(n >> 8, n & 255);
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255);

export function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  return concat([u32(8 + parts.reduce((n, p) => n + p.length, 0)), latin1(type), ...parts]);
}
export const fullBox = (type: string, version: number, flags: number, ...parts: Uint8Array[]) => box(type, Uint8Array.of(version, flags >> 16, (flags >> 8) & 255, flags & 255), ...parts);

export interface AvifItem {
  id: number;
  type: string;
  hidden?: boolean;
  /** 1-based indices into the property list; essential ones have 0x80 set. */
  properties: number[];
  /** Stored in mdat, or in idat when `inIdat`. */
  data: Uint8Array;
  inIdat?: boolean;
}
export interface AvifParts {
  /** The property boxes of ipco, whole, in order. */
  properties: Uint8Array[];
  items: AvifItem[];
  primary: number;
  references: { type: string; from: number; to: number[] }[];
}

/** Takes apart an encoder's AVIF (libheif's layout: iloc version 0, one extent an item). */
export function avifParts(file: Uint8Array): AvifParts {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const type = (at: number) => String.fromCharCode(...file.subarray(at + 4, at + 8));
  const children = (from: number, to: number) => {
    const out: { type: string; start: number; end: number }[] = [];
    for (let at = from; at < to; at += dv.getUint32(at)) out.push({ type: type(at), start: at + 8, end: at + dv.getUint32(at) });
    return out;
  };
  const top = children(0, file.length);
  const meta = top.find((b) => b.type === "meta")!;
  const inMeta = children(meta.start + 4, meta.end);
  const get = (list: typeof inMeta, t: string) => list.find((b) => b.type === t)!;
  const iprp = children(get(inMeta, "iprp").start, get(inMeta, "iprp").end);
  const ipco = get(iprp, "ipco");
  const properties = children(ipco.start, ipco.end).map((p) => file.slice(p.start - 8, p.end));
  const items = new Map<number, AvifItem>();
  const iinf = get(inMeta, "iinf");
  for (const infe of children(iinf.start + 6, iinf.end)) {
    const id = dv.getUint16(infe.start + 4);
    items.set(id, { id, type: String.fromCharCode(...file.subarray(infe.start + 8, infe.start + 12)), properties: [], data: new Uint8Array(0) });
  }
  const iloc = get(inMeta, "iloc");
  const [offsetSize, lengthSize, baseSize] = [file[iloc.start + 4]! >> 4, file[iloc.start + 4]! & 15, file[iloc.start + 5]! >> 4];
  if (file[iloc.start] !== 0 || offsetSize !== 4 || lengthSize !== 4 || (baseSize !== 0 && baseSize !== 4)) throw new Error("unexpected iloc");
  for (let i = 0, at = iloc.start + 8; i < dv.getUint16(iloc.start + 6); i++) {
    const id = dv.getUint16(at);
    const base = baseSize ? dv.getUint32(at + 4) : 0;
    at += 4 + baseSize;
    if (dv.getUint16(at) !== 1) throw new Error("one extent an item expected");
    const [offset, length] = [dv.getUint32(at + 2), dv.getUint32(at + 6)];
    items.get(id)!.data = file.slice(base + offset, base + offset + length);
    at += 10;
  }
  const ipma = get(iprp, "ipma");
  for (let i = 0, at = ipma.start + 8; i < dv.getUint32(ipma.start + 4); i++) {
    const id = dv.getUint16(at);
    const count = file[at + 2]!;
    items.get(id)!.properties = [...file.subarray(at + 3, at + 3 + count)];
    at += 3 + count;
  }
  const references: AvifParts["references"] = [];
  const iref = inMeta.find((b) => b.type === "iref");
  if (iref) {
    for (const r of children(iref.start + 4, iref.end)) {
      const count = dv.getUint16(r.start + 2);
      references.push({ type: r.type, from: dv.getUint16(r.start), to: Array.from({ length: count }, (_, k) => dv.getUint16(r.start + 4 + 2 * k)) });
    }
  }
  return { properties, items: [...items.values()], primary: dv.getUint16(get(inMeta, "pitm").start + 4), references };
}

/** An AVIF of these parts: iloc version 1, each item one extent, in mdat or idat. */
export function avif(p: AvifParts): Uint8Array {
  const idatItems = p.items.filter((i) => i.inIdat);
  const mdatItems = p.items.filter((i) => !i.inIdat);
  const build = (mdatStart: number) => {
    let [mdatAt, idatAt] = [mdatStart + 8, 0];
    const iloc = p.items.map((item) => {
      const at = item.inIdat ? idatAt : mdatAt;
      if (item.inIdat) idatAt += item.data.length;
      else mdatAt += item.data.length;
      return concat([u16(item.id), u16(item.inIdat ? 1 : 0), u16(0), u16(1), u32(at), u32(item.data.length)]);
    });
    const meta = fullBox(
      "meta",
      0,
      0,
      fullBox("hdlr", 0, 0, u32(0), latin1("pict"), new Uint8Array(13)),
      fullBox("pitm", 0, 0, u16(p.primary)),
      fullBox("iinf", 0, 0, u16(p.items.length), ...p.items.map((i) => fullBox("infe", 2, i.hidden ? 1 : 0, u16(i.id), u16(0), latin1(i.type), Uint8Array.of(0)))),
      fullBox("iloc", 1, 0, Uint8Array.of(0x44, 0x00), u16(p.items.length), ...iloc),
      box(
        "iprp",
        box("ipco", ...p.properties),
        fullBox("ipma", 0, 0, u32(p.items.length), ...p.items.map((i) => concat([u16(i.id), Uint8Array.of(i.properties.length, ...i.properties)]))),
      ),
      ...(p.references.length ? [fullBox("iref", 0, 0, ...p.references.map((r) => box(r.type, u16(r.from), u16(r.to.length), ...r.to.map(u16))))] : []),
      ...(idatItems.length ? [box("idat", ...idatItems.map((i) => i.data))] : []),
    );
    const ftyp = box("ftyp", latin1("avif"), u32(0), latin1("avifmif1miaf"));
    return concat([ftyp, meta, box("mdat", ...mdatItems.map((i) => i.data))]);
  };
  // Offsets into mdat depend on the length of what comes before it, which they do not change.
  const draft = build(0);
  return build(draft.length - 8 - mdatItems.reduce((n, i) => n + i.data.length, 0));
}

/** Every ispe of an encoder's AVIF set to width × height: what its header then claims. */
export function avifClaiming(file: Uint8Array, width: number, height: number): Uint8Array {
  const out = Uint8Array.from(file);
  const dv = new DataView(out.buffer);
  for (let at = Buffer.from(out).indexOf("ispe"); at > 0; at = Buffer.from(out).indexOf("ispe", at + 4)) {
    dv.setUint32(at + 8, width);
    dv.setUint32(at + 12, height);
  }
  return out;
}

/** ftyp, then a meta whose ipco holds `count` ispe boxes (image-size searched each for a clap to the end: quadratic). */
export function avifWithIspeBoxes(count: number): Uint8Array {
  const ispe = fullBox("ispe", 0, 0, u32(64), u32(64));
  const many = new Uint8Array(ispe.length * count);
  for (let i = 0; i < count; i++) many.set(ispe, i * ispe.length);
  const meta = fullBox(
    "meta",
    0,
    0,
    fullBox("pitm", 0, 0, u16(1)),
    box("iprp", box("ipco", many), fullBox("ipma", 0, 0, u32(1), u16(1), Uint8Array.of(1, 1))),
  );
  return concat([box("ftyp", latin1("avif"), u32(0), latin1("avifmif1miaf")), meta]);
}
