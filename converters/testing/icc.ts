// An Adobe RGB (1998) colour profile for tests, built from the colour space's published numbers:
// no profile file ships with this machine or the npm packages, and Adobe's own may not be
// redistributed. A v4 matrix/TRC display profile: D50 colorants, one gamma curve (563/256).
const ADOBE_RGB = {
  red: [0.60974, 0.31111, 0.01947],
  green: [0.20528, 0.62567, 0.06087],
  blue: [0.14919, 0.06322, 0.74457],
};
const D50 = [0.9642, 1, 0.8249];

const s15Fixed16 = (v: number) => Math.round(v * 65536);

function xyzTag([x, y, z]: number[]): Uint8Array {
  const out = new DataView(new ArrayBuffer(20));
  out.setUint32(0, 0x58595a20); // "XYZ "
  [x!, y!, z!].forEach((v, i) => out.setInt32(8 + i * 4, s15Fixed16(v)));
  return new Uint8Array(out.buffer);
}

function textTag(text: string): Uint8Array {
  // multiLocalizedUnicodeType: one record, en-US, UTF-16BE.
  const out = new DataView(new ArrayBuffer(28 + text.length * 2));
  out.setUint32(0, 0x6d6c7563); // "mluc"
  out.setUint32(8, 1);
  out.setUint32(12, 12);
  out.setUint16(16, 0x656e); // "en"
  out.setUint16(18, 0x5553); // "US"
  out.setUint32(20, text.length * 2);
  out.setUint32(24, 28);
  for (let i = 0; i < text.length; i++) out.setUint16(28 + i * 2, text.charCodeAt(i));
  return new Uint8Array(out.buffer);
}

function gammaTag(gamma: number): Uint8Array {
  const out = new DataView(new ArrayBuffer(14));
  out.setUint32(0, 0x63757276); // "curv"
  out.setUint32(8, 1);
  out.setUint16(12, Math.round(gamma * 256));
  return new Uint8Array(out.buffer);
}

const sig = (s: string) => [...s].reduce((n, c) => n * 256 + c.charCodeAt(0), 0);

/** The profile's bytes. */
export function adobeRgbProfile(): Uint8Array {
  const trc = gammaTag(563 / 256);
  const tags: [string, Uint8Array][] = [
    ["desc", textTag("Adobe RGB (1998) compatible, test")],
    ["cprt", textTag("No copyright, test data")],
    ["wtpt", xyzTag(D50)],
    ["rXYZ", xyzTag(ADOBE_RGB.red)],
    ["gXYZ", xyzTag(ADOBE_RGB.green)],
    ["bXYZ", xyzTag(ADOBE_RGB.blue)],
    ["rTRC", trc],
    ["gTRC", trc],
    ["bTRC", trc],
  ];
  const pad4 = (n: number) => (n + 3) & ~3;
  let offset = 128 + 4 + tags.length * 12;
  const placed = tags.map(([name, data]) => {
    const at = offset;
    offset = pad4(offset + data.length);
    return { name, data, at };
  });
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, offset);
  view.setUint32(8, 0x04300000);
  view.setUint32(12, sig("mntr"));
  view.setUint32(16, sig("RGB "));
  view.setUint32(20, sig("XYZ "));
  [2024, 5, 1, 12, 0, 0].forEach((v, i) => view.setUint16(24 + i * 2, v));
  view.setUint32(36, sig("acsp"));
  D50.forEach((v, i) => view.setInt32(68 + i * 4, s15Fixed16(v)));
  view.setUint32(128, tags.length);
  placed.forEach(({ name, data, at }, i) => {
    view.setUint32(132 + i * 12, sig(name));
    view.setUint32(136 + i * 12, at);
    view.setUint32(140 + i * 12, data.length);
    bytes.set(data, at);
  });
  return bytes;
}
