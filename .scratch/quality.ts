import { readFileSync } from "node:fs";
import sharp from "sharp";
import Vips from "wasm-vips";
import { networkInput, normaliseMap, fullSizeMask, GUIDE } from "../converters/remove-background/cutout";
import { nodeSegmenter } from "../converters/remove-background/node/segmenter";
import { boundaryF, iou } from "../converters/remove-background/quality";
import { SIDE } from "../converters/remove-background/model";
const vips = await Vips();
const seg = await nodeSegmenter(2);
const names = ["horse-on-cat", "disc-on-brick", "horse-on-rocket", "disc-on-gravel"];
const configs = JSON.parse(process.argv[2] ?? '[{"side":1024,"radius":6,"eps":0.001}]');
for (const name of names) {
  const img = vips.Image.newFromBuffer(readFileSync(`test/fixtures/cutout/${name}.jpg`));
  const truth = new Uint8Array(await sharp(`test/fixtures/cutout/${name}.mask.png`).extractChannel(0).raw().toBuffer());
  const small = img.thumbnailImage(SIDE, { height: SIDE, size: "force" });
  const coarse = normaliseMap(await seg(networkInput(new Uint8Array(small.writeToMemory().buffer))));
  const soft = fullSizeMask(img, coarse, "soft");
  const row = [name, "soft", iou(soft, truth).toFixed(4), boundaryF(soft, truth, img.width, img.height).toFixed(4)];
  for (const c of configs) {
    Object.assign(GUIDE as any, c);
    const refined = fullSizeMask(img, coarse, "refined");
    row.push(JSON.stringify(c), iou(refined, truth).toFixed(4), boundaryF(refined, truth, img.width, img.height).toFixed(4));
  }
  console.log(row.join(" "));
}
for (const name of names) {
  const img = vips.Image.newFromBuffer(readFileSync(`test/fixtures/cutout/${name}.jpg`));
  const small = img.thumbnailImage(SIDE, { height: SIDE, size: "force" });
  const coarse = normaliseMap(await seg(networkInput(new Uint8Array(small.writeToMemory().buffer))));
  await sharp(Buffer.from(Uint8Array.from(coarse, (v) => v * 255)), { raw: { width: 320, height: 320, channels: 1 } }).png().toFile(`/tmp/rb/${name}.m.png`);
}
