// The on-device downloads: the shipped style photos (the trunk is DeepDream's, already exported).
// The worker reads the same exported files (node/engine.ts).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ModelExport } from "../ml/model-export";
import { SHIPPED_STYLE_NAMES, styleFileName } from "./styles";

const file = (style: string) => join(import.meta.dirname, "styles", `${style}.jpg`);

export const models: ModelExport[] = SHIPPED_STYLE_NAMES.map((style) => {
  const bytes = readFileSync(file(style));
  return { name: styleFileName(style), extension: "jpg", source: `style-transfer/styles/${style}.jpg@${createHash("sha256").update(bytes).digest("hex")}`, build: () => new Uint8Array(bytes) };
});
