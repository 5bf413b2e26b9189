// Test photos carrying what a phone or camera writes: an EXIF block with a GPS position, a
// capture date, a serial number and a Canon-style maker note (an IFD of its own, as Canon's is),
// an XMP packet that repeats the position, and a Display P3 profile. The EXIF is laid out by hand
// because no writer can create a maker note from nothing (exiftool only edits existing ones).
import sharp from "sharp";

type Entry = { tag: number; type: 1 | 2 | 3 | 4 | 5 | 7; value: number[] | string | Uint8Array } | { tag: number; ifd: Entry[] };

const TYPE_SIZE = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 } as const;

function valueBytes(e: Exclude<Entry, { ifd: Entry[] }>): Uint8Array {
  if (typeof e.value === "string") return new TextEncoder().encode(`${e.value}\0`);
  if (e.value instanceof Uint8Array) return e.value;
  const out = new DataView(new ArrayBuffer(e.value.length * TYPE_SIZE[e.type] / (e.type === 5 ? 2 : 1)));
  e.value.forEach((v, i) => {
    if (e.type === 1) out.setUint8(i, v);
    else if (e.type === 3) out.setUint16(i * 2, v, true);
    else out.setUint32(i * 4, v, true);
  });
  return new Uint8Array(out.buffer);
}

/** Little-endian TIFF: IFD0 first, sub-IFDs (Exif, GPS, a maker note) after it, each with its data. */
function tiff(ifd0: Entry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 8;
  const place = (bytes: Uint8Array) => {
    const at = length;
    chunks.push(bytes);
    length += bytes.length + (bytes.length % 2);
    if (bytes.length % 2) chunks.push(new Uint8Array(1));
    return at;
  };
  const writeIfd = (entries: Entry[]): number => {
    const table = new DataView(new ArrayBuffer(2 + entries.length * 12 + 4));
    const at = place(new Uint8Array(table.buffer));
    table.setUint16(0, entries.length, true);
    entries.forEach((e, i) => {
      const o = 2 + i * 12;
      table.setUint16(o, e.tag, true);
      if ("ifd" in e) {
        table.setUint16(o + 2, e.tag === 0x927c ? 7 : 4, true);
        table.setUint32(o + 4, e.tag === 0x927c ? 2 + e.ifd.length * 12 + 4 : 1, true);
        table.setUint32(o + 8, writeIfd(e.ifd), true);
        return;
      }
      const bytes = valueBytes(e);
      table.setUint16(o + 2, e.type, true);
      table.setUint32(o + 4, e.type === 5 ? bytes.length / 8 : bytes.length / TYPE_SIZE[e.type], true);
      if (bytes.length <= 4) new Uint8Array(table.buffer).set(bytes, o + 8);
      else table.setUint32(o + 8, place(bytes), true);
    });
    return at;
  };
  writeIfd(ifd0);
  const out = new Uint8Array(length);
  out.set([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]);
  let at = 8;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const rational = (...parts: number[]) => parts.flatMap((p) => [Math.round(p * 1000), 1000]);

export const CAPTURED = "2024:05:01 12:34:56";
export const SERIAL = "SN-0047112233";

/** The EXIF a camera with GPS writes: position, date, camera, serial number, maker note, orientation. */
export function cameraExif(orientation = 1): Uint8Array {
  return tiff([
    { tag: 0x010f, type: 2, value: "Canon" },
    { tag: 0x0110, type: 2, value: "Canon EOS 5D Mark IV" },
    { tag: 0x0112, type: 3, value: [orientation] },
    {
      tag: 0x8769,
      ifd: [
        { tag: 0x9003, type: 2, value: CAPTURED },
        { tag: 0xa431, type: 2, value: SERIAL },
        // Canon's maker note: an IFD whose 0x000c entry is the body's serial number.
        { tag: 0x927c, ifd: [{ tag: 0x0006, type: 2, value: "Canon EOS 5D Mark IV" }, { tag: 0x000c, type: 4, value: [47112233] }] },
      ],
    },
    {
      tag: 0x8825,
      ifd: [
        { tag: 0x0000, type: 1, value: [2, 3, 0, 0] },
        { tag: 0x0001, type: 2, value: "N" },
        { tag: 0x0002, type: 5, value: rational(51, 30, 26.4) },
        { tag: 0x0003, type: 2, value: "W" },
        { tag: 0x0004, type: 5, value: rational(0, 7, 39.9) },
      ],
    },
  ]);
}

const XMP_WITH_GPS = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.44N" exif:GPSLongitude="0,7.665W"/></rdf:RDF></x:xmpmeta>`;

/**
 * A JPEG of `source` as a phone leaves it: a colour profile (Display P3 unless another's file is
 * given), XMP, and `cameraExif` in APP1.
 */
export async function cameraJpeg(source: string | Buffer, orientation = 1, profile = "p3"): Promise<Uint8Array> {
  const jpeg = await sharp(source).withIccProfile(profile).withXmp(XMP_WITH_GPS).jpeg({ quality: 90 }).toBuffer();
  const exif = cameraExif(orientation);
  const app1 = new Uint8Array(4 + 6 + exif.length);
  new DataView(app1.buffer).setUint16(0, 0xffe1);
  new DataView(app1.buffer).setUint16(2, 2 + 6 + exif.length);
  app1.set(new TextEncoder().encode("Exif\0\0"), 4);
  app1.set(exif, 10);
  return Uint8Array.from([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
}
